import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../common/common.schema.js';
import { type Contact, isReachable } from '../contact/contact.schema.js';
import { DELIVERY_REASONS } from './delivery.schema.js';
import { FALLBACK_REASONS } from './fallback.js';
import { firstChoice, UNREACHABLE_REASONS, unreachableReason } from './reachability.js';

const AT = '2017-04-03T10:00:00+06:00';
const granted = { status: 'granted', source: 'parent meeting form', at: AT } as const;
const revoked = { status: 'revoked', source: 'unsubscribe link', at: AT } as const;

type Reachability = Pick<Contact, 'addresses' | 'consents'>;
const contact = (
  addresses: Reachability['addresses'],
  consents: Reachability['consents'] = {},
): Reachability => ({ addresses, consents });

describe('unreachableReason', () => {
  it('is null for an address with granted consent, or granted in-app consent', () => {
    expect(unreachableReason(contact({ email: 'a@example.kz' }, { email: granted }), 'email')).toBe(
      null,
    );
    expect(unreachableReason(contact({}, { websocket: granted }), 'websocket')).toBe(null);
  });

  it('says opted_out when consent on the channel was withdrawn, address or not', () => {
    expect(unreachableReason(contact({ email: 'a@example.kz' }, { email: revoked }), 'email')).toBe(
      'opted_out',
    );
    expect(unreachableReason(contact({}, { email: revoked }), 'email')).toBe('opted_out');
    expect(unreachableReason(contact({}, { websocket: revoked }), 'websocket')).toBe('opted_out');
  });

  it('says no_address when the channel’s address is missing or empty', () => {
    expect(unreachableReason(contact({}), 'sms')).toBe('no_address');
    expect(unreachableReason(contact({ phone: '' }, { sms: granted }), 'sms')).toBe('no_address');
    // An address on another channel is not one on this channel.
    expect(
      unreachableReason(contact({ phone: '+77011110001' }, { sms: granted }), 'whatsapp'),
    ).toBe('no_address');
  });

  it('says no_consent for an address without consent, or no in-app consent', () => {
    expect(unreachableReason(contact({ phone: '+77011110001' }), 'sms')).toBe('no_consent');
    // Consent on SMS is not consent on WhatsApp, even for the same number.
    expect(
      unreachableReason(
        contact({ phone: '+77011110001', whatsapp: '+77011110001' }, { sms: granted }),
        'whatsapp',
      ),
    ).toBe('no_consent');
    expect(unreachableReason(contact({}), 'websocket')).toBe('no_consent');
  });

  it('agrees with isReachable on every channel, address and consent', () => {
    const addresses = [undefined, '', 'x'] as const;
    const consents = [undefined, granted, revoked] as const;
    let cases = 0;
    for (const channel of CHANNELS) {
      for (const address of addresses) {
        for (const consent of consents) {
          const c = contact(
            address === undefined
              ? {}
              : { whatsapp: address, phone: address, email: address, telegram: address },
            consent === undefined ? {} : { [channel]: consent },
          );
          const label = `${channel} ${address} ${consent?.status}`;
          expect(unreachableReason(c, channel) === null, label).toBe(isReachable(c, channel));
          cases += 1;
        }
      }
    }
    expect(cases).toBe(CHANNELS.length * 9);
  });

  it('names only delivery reasons, each of which hands over to the next channel', () => {
    for (const reason of UNREACHABLE_REASONS) {
      expect(Object.keys(DELIVERY_REASONS)).toContain(reason);
      expect(FALLBACK_REASONS.has(reason), reason).toBe(true);
    }
  });
});

describe('firstChoice', () => {
  const channels: Channel[] = ['whatsapp', 'sms', 'email'];

  it('picks the first channel in the broadcast’s order the contact is reachable on', () => {
    const both = contact(
      { phone: '+77011110001', email: 'a@example.kz' },
      { sms: granted, email: granted },
    );
    expect(firstChoice(both, channels)).toEqual({ channel: 'sms', reason: null });
    expect(firstChoice(both, ['email', 'sms'])).toEqual({ channel: 'email', reason: null });
  });

  it('suppresses on the first channel withdrawn, before channels merely lacking', () => {
    // No WhatsApp, an SMS number never consented, unsubscribed from email.
    const unsubscribed = contact(
      { phone: '+77011110001', email: 'a@example.kz' },
      { email: revoked },
    );
    expect(firstChoice(unsubscribed, channels)).toEqual({ channel: 'email', reason: 'opted_out' });
  });

  it('otherwise suppresses on the first channel with an address but no consent', () => {
    const unconsented = contact({ email: 'a@example.kz', phone: '+77011110001' });
    expect(firstChoice(unconsented, channels)).toEqual({ channel: 'sms', reason: 'no_consent' });
  });

  it('otherwise suppresses on the first channel, for want of any address', () => {
    expect(firstChoice(contact({}), channels)).toEqual({
      channel: 'whatsapp',
      reason: 'no_address',
    });
  });
});
