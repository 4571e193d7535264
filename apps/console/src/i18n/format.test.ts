import { describe, expect, it } from 'vitest';
import { formatter } from './formatter.js';

const AT = '2026-12-05T17:42:00Z';

describe('formatter', () => {
  it('shows times in the organisation’s zone', () => {
    expect(formatter('en', 'Asia/Almaty').time(AT)).toBe('22:42:00');
    expect(formatter('en', 'Asia/Ho_Chi_Minh').time(AT)).toBe('00:42:00');
  });

  it('writes Kazakh dates in digits, whatever month names the browser knows', () => {
    expect(formatter('kk', 'Asia/Almaty').dateTime(AT)).toBe('05.12.2026, 22:42');
  });

  it('groups numbers as each language does', () => {
    expect(formatter('en', 'UTC').number(12345)).toBe('12,345');
    expect(formatter('ru', 'UTC').number(12345)).toMatch(/^12\s345$/u);
  });

  it('writes shares as percentages, one decimal at most', () => {
    expect(formatter('en', 'UTC').percent(0.625)).toBe('62.5%');
    expect(formatter('en', 'UTC').percent(13 / 16)).toBe('81.3%');
    expect(formatter('ru', 'UTC').percent(1)).toMatch(/^100\s%$/u);
  });

  it('writes money exactly as the hub’s decimal string has it, never rounded through a float', () => {
    const en = formatter('en', 'UTC');
    expect(en.money('0.0725', 'USD')).toBe('US$0.0725');
    expect(en.money('0.43500', 'USD')).toBe('US$0.435');
    expect(en.money('145', 'USD')).toBe('US$145.00');
    expect(en.money('0', 'USD')).toBe('US$0.00');
    // Beyond a double's 15–17 significant digits: still every digit.
    expect(en.money('123456789012.0123456789', 'USD')).toBe('US$123,456,789,012.0123456789');
    expect(formatter('vi', 'UTC').money('12000', 'VND')).toMatch(/^12\.000\s₫$/u);
    expect(formatter('kk', 'UTC').money('1234.5', 'KZT')).toMatch(/^1\s234,50\s₸$/u);
  });
});
