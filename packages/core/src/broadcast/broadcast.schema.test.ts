import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { BroadcastInput } from './broadcast.schema.js';

const ORG = '018f2a00-0000-7000-8000-000000000001';
const SEGMENT = '018f2a00-0000-7000-8000-000000000002';
const RECOMMENDATION = '018f2a00-0000-7000-8000-000000000003';

const base = {
  orgId: ORG,
  segmentId: SEGMENT,
  channels: ['whatsapp', 'sms', 'email'],
  content: { recommendationId: RECOMMENDATION },
};

describe('BroadcastInput', () => {
  it('accepts a broadcast of a saved recommendation and defaults variables to {}, urgent to false', () => {
    expect(BroadcastInput.parse(base)).toEqual({
      ...base,
      variables: {},
      urgent: false,
      ignoreTargeting: false,
      signposting: { enabled: true },
    });
  });

  it('accepts text written for the broadcast, with variables and a send time', () => {
    const input = {
      ...base,
      content: {
        title: { ru: 'Безопасный интернет' },
        body: { ru: 'Телефон доверия: {{hotline}}', vi: 'Đường dây nóng: {{hotline}}' },
      },
      variables: { hotline: '111' },
      sendAt: '2017-04-10T09:00:00+06:00',
      urgent: true,
      signposting: { enabled: true, purposes: ['child_protection' as const] },
    };
    expect(BroadcastInput.parse(input)).toEqual({ ...input, ignoreTargeting: false });
  });

  it('refuses an urgent flag that is not a boolean', () => {
    expect(issues(BroadcastInput.safeParse({ ...base, urgent: 'yes' }))).toEqual([
      ['urgent', 'invalid_type'],
    ]);
  });

  it('refuses an empty channel list', () => {
    expect(issues(BroadcastInput.safeParse({ ...base, channels: [] }))).toEqual([
      ['channels', 'too_small'],
    ]);
  });

  it('refuses a channel listed twice', () => {
    expect(
      issues(BroadcastInput.safeParse({ ...base, channels: ['sms', 'email', 'sms'] })),
    ).toEqual([['channels', 'custom']]);
  });

  it('refuses an unknown channel', () => {
    expect(issues(BroadcastInput.safeParse({ ...base, channels: ['viber'] }))).toEqual([
      ['channels.0', 'invalid_value'],
    ]);
  });

  it('refuses content that mixes a recommendation with text, or has no body', () => {
    const mixed = { recommendationId: RECOMMENDATION, body: { ru: 'Текст' } };
    expect(BroadcastInput.safeParse({ ...base, content: mixed }).success).toBe(false);
    expect(BroadcastInput.safeParse({ ...base, content: { title: { ru: 'Т' } } }).success).toBe(
      false,
    );
    expect(BroadcastInput.safeParse({ ...base, content: { body: {} } }).success).toBe(false);
  });

  it('refuses variable names that templates cannot use', () => {
    for (const name of ['1st', 'hot-line', '', 'hot line']) {
      const result = BroadcastInput.safeParse({ ...base, variables: { [name]: 'x' } });
      expect(result.success, name).toBe(false);
    }
    expect(BroadcastInput.safeParse({ ...base, variables: { hot_line2: 'x' } }).success).toBe(true);
  });

  it('refuses a send time without an offset and unknown fields', () => {
    expect(issues(BroadcastInput.safeParse({ ...base, sendAt: '2017-04-10 09:00' }))).toEqual([
      ['sendAt', 'invalid_format'],
    ]);
    expect(issues(BroadcastInput.safeParse({ ...base, priority: 'high' }))).toEqual([
      ['', 'unrecognized_keys'],
    ]);
  });
});
