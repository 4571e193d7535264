import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import {
  CHANNELS,
  Channel,
  Id,
  PageQuery,
  PhoneNumber,
  Timestamp,
  TimeZone,
} from './common.schema.js';

describe('PhoneNumber', () => {
  it('normalises Kazakh and Vietnamese numbers to E.164', () => {
    expect(PhoneNumber.parse('+7 701 234 56 78')).toBe('+77012345678');
    expect(PhoneNumber.parse('+7 (701) 234-56-78')).toBe('+77012345678');
    expect(PhoneNumber.parse('+84 91 234 56 78')).toBe('+84912345678');
    expect(PhoneNumber.parse('+84912345678')).toBe('+84912345678');
  });

  it('refuses numbers without a country code or that cannot exist', () => {
    for (const raw of ['87012345678', '0912345678', '+7 123', '+84 12', 'abc', '']) {
      expect(issues(PhoneNumber.safeParse(raw)), raw).toEqual([['', 'invalid_phone_number']]);
    }
  });

  it('refuses a non-string', () => {
    expect(issues(PhoneNumber.safeParse(77012345678))).toEqual([['', 'invalid_type']]);
  });
});

describe('TimeZone', () => {
  it('accepts the programmes’ IANA zones', () => {
    expect(TimeZone.parse('Asia/Almaty')).toBe('Asia/Almaty');
    expect(TimeZone.parse('Asia/Ho_Chi_Minh')).toBe('Asia/Ho_Chi_Minh');
    expect(TimeZone.parse('UTC')).toBe('UTC');
  });

  it('refuses what is not a time zone', () => {
    expect(issues(TimeZone.safeParse('Mars/Olympus_Mons'))).toEqual([['', 'custom']]);
    expect(issues(TimeZone.safeParse('+06:00 Almaty'))).toEqual([['', 'custom']]);
    expect(TimeZone.safeParse('').success).toBe(false);
  });
});

describe('Id and Timestamp', () => {
  it('takes UUIDs as ids', () => {
    expect(Id.safeParse('018f2a00-0000-7000-8000-000000000001').success).toBe(true);
    expect(Id.safeParse('42').success).toBe(false);
  });

  it('takes ISO-8601 timestamps with an offset or Z, nothing vaguer', () => {
    expect(Timestamp.safeParse('2017-04-10T09:00:00+06:00').success).toBe(true);
    expect(Timestamp.safeParse('2017-04-10T09:00:00Z').success).toBe(true);
    expect(Timestamp.safeParse('2017-04-10 09:00').success).toBe(false);
    expect(Timestamp.safeParse('2017-04-10').success).toBe(false);
  });
});

describe('Channel', () => {
  it('knows the six channels and nothing else', () => {
    expect([...CHANNELS].sort()).toEqual([
      'email',
      'sms',
      'telegram',
      'websocket',
      'whatsapp',
      'zalo',
    ]);
    expect(Channel.safeParse('viber').success).toBe(false);
  });
});

describe('PageQuery', () => {
  it('defaults limit to 50 and coerces query-string numbers', () => {
    expect(PageQuery.parse({})).toEqual({ limit: 50 });
    expect(PageQuery.parse({ limit: '20', cursor: 'abc' })).toEqual({ limit: 20, cursor: 'abc' });
  });

  it('keeps limit between 1 and 500 and refuses unknown parameters', () => {
    expect(issues(PageQuery.safeParse({ limit: '0' }))).toEqual([['limit', 'too_small']]);
    expect(issues(PageQuery.safeParse({ limit: 501 }))).toEqual([['limit', 'too_big']]);
    expect(issues(PageQuery.safeParse({ limit: '2.5' }))).toEqual([['limit', 'invalid_type']]);
    expect(issues(PageQuery.safeParse({ offset: 10 }))).toEqual([['', 'unrecognized_keys']]);
  });
});
