import { describe, expect, it } from 'vitest';
import { countSmsSegments } from './encoding.js';
import { smsText } from './sms-text.js';

describe('smsText', () => {
  it('puts the title, a blank line, then the body', () => {
    expect(smsText({ title: 'Safe Internet', body: 'Helpline: 111' })).toBe(
      'Safe Internet\n\nHelpline: 111',
    );
  });

  it('sends the body alone without a title (null or empty)', () => {
    expect(smsText({ title: null, body: 'Helpline: 111' })).toBe('Helpline: 111');
    expect(smsText({ title: '', body: 'Helpline: 111' })).toBe('Helpline: 111');
  });

  it('counts the title and the blank line towards the segments', () => {
    const body = 'я'.repeat(66); // one UCS-2 segment alone
    expect(countSmsSegments(smsText({ title: null, body })).segments).toBe(1);
    // 'Тема' + '\n\n' + 66 = 72 units: two parts.
    expect(countSmsSegments(smsText({ title: 'Тема', body })).segments).toBe(2);
  });
});
