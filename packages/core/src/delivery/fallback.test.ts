import { describe, expect, it } from 'vitest';
import { DELIVERY_REASONS, type DeliveryReason } from './delivery.schema.js';
import { FALLBACK_REASONS, nextChannel, triggersFallback } from './fallback.js';

describe('triggersFallback', () => {
  it('hands over after a terminal failure the next channel could avoid', () => {
    expect(triggersFallback('failed', 'not_on_whatsapp')).toBe(true);
    expect(triggersFallback('failed', 'provider_rejected')).toBe(true);
    expect(triggersFallback('suppressed', 'opted_out')).toBe(true);
    // Reachability lost between planning and sending: another channel may still reach them.
    expect(triggersFallback('suppressed', 'no_consent')).toBe(true);
    expect(triggersFallback('suppressed', 'no_address')).toBe(true);
  });

  it('never hands over what would fail the same way everywhere, or what was stopped', () => {
    for (const reason of [
      'no_content_in_language',
      'template_variable_missing',
      'broadcast_cancelled',
      'contact_deleted',
    ] as const) {
      expect(triggersFallback('failed', reason), reason).toBe(false);
      expect(triggersFallback('suppressed', reason), reason).toBe(false);
    }
  });

  it('never hands over a message that was accepted or kept', () => {
    for (const status of ['sent', 'delivered', 'read', 'captured', 'queued', 'sending'] as const) {
      expect(triggersFallback(status, 'provider_rejected'), status).toBe(false);
    }
    expect(triggersFallback('failed', null)).toBe(false);
  });

  it('names only reasons the registry has', () => {
    for (const reason of FALLBACK_REASONS) {
      expect(Object.keys(DELIVERY_REASONS)).toContain(reason satisfies DeliveryReason);
    }
  });
});

describe('nextChannel', () => {
  const order = ['whatsapp', 'sms', 'email'] as const;

  it('takes the first reachable channel after the current one', () => {
    expect(nextChannel(order, 'whatsapp', () => true)).toBe('sms');
    expect(nextChannel(order, 'whatsapp', (c) => c === 'email')).toBe('email');
    expect(nextChannel(order, 'sms', () => true)).toBe('email');
  });

  it('never goes back to an earlier channel or repeats the current one', () => {
    expect(nextChannel(order, 'email', () => true)).toBeNull();
    expect(nextChannel(order, 'sms', (c) => c === 'whatsapp' || c === 'sms')).toBeNull();
  });

  it('answers null for a channel the broadcast does not use', () => {
    expect(nextChannel(order, 'telegram', () => true)).toBeNull();
  });
});
