import { describe, expect, it } from 'vitest';
import { classifyZaloError, holdSeconds } from './zalo.errors.js';

const NOW = new Date('2026-12-07T10:00:00Z'); // 17:00 in Vietnam

describe('classifyZaloError', () => {
  it.each([
    [-108, 'invalid_address'],
    [-118, 'not_on_zalo'],
    [-119, 'not_on_zalo'],
    [-114, 'not_on_zalo'],
    [-213, 'not_on_zalo'],
    [-217, 'not_on_zalo'],
    [-227, 'not_on_zalo'],
    [-139, 'opted_out'],
    [-244, 'opted_out'],
    [-109, 'template_required'],
    [-131, 'template_required'],
    [-230, 'template_required'],
    [-232, 'template_required'],
    [-112, 'provider_rejected'],
    [-999, 'provider_rejected'],
  ])('fails code %i for good with reason %s', (code, reason) => {
    expect(classifyZaloError(code, 'refused', NOW)).toMatchObject({
      code: 'provider_rejected',
      retryable: false,
      reason,
      providerCode: String(code),
    });
  });

  it.each([-100, -104, -124, -216, -220])('retries code %i without holding the channel', (code) => {
    expect(classifyZaloError(code, undefined, NOW)).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      throttlesChannel: false,
      retryAfterSeconds: undefined,
    });
  });

  it('holds the channel until Vietnam’s next day when the daily quota is used up', () => {
    expect(classifyZaloError(-144, 'quota', NOW)).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      throttlesChannel: true,
      retryAfterSeconds: 7 * 3600,
    });
  });

  it('backs the whole channel off over the rate limit (-32), which names no time', () => {
    expect(classifyZaloError(-32, 'Your application reached limit call api', NOW)).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      throttlesChannel: true,
      retryAfterSeconds: undefined,
      providerCode: '-32',
    });
  });

  it('holds until 06:00 in Vietnam, or an hour out of balance', () => {
    expect(classifyZaloError(-133, undefined, NOW).retryAfterSeconds).toBe(13 * 3600);
    expect(classifyZaloError(-234, undefined, NOW)).toMatchObject({
      throttlesChannel: true,
      retryAfterSeconds: 13 * 3600,
    });
    expect(holdSeconds('morning', new Date('2026-12-06T22:30:00Z'))).toBe(30 * 60);
    expect(classifyZaloError(-115, undefined, NOW).retryAfterSeconds).toBe(3600);
  });
});
