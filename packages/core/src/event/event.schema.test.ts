import { describe, expect, it } from 'vitest';
import { StreamEvent } from './event.schema.js';

const ORG = '018f2a00-0000-7000-8000-000000000001';
const BROADCAST = '018f2a00-0000-7000-8000-000000000002';
const DELIVERY = '018f2a00-0000-7000-8000-000000000003';
const CONTACT = '018f2a00-0000-7000-8000-000000000004';

const progress = {
  type: 'broadcast.progress',
  orgId: ORG,
  at: '2017-04-10T09:00:01Z',
  data: {
    broadcastId: BROADCAST,
    status: 'sending',
    expanded: true,
    total: 200,
    recipients: 200,
    fallbacks: 0,
    deferred: 0,
    counts: { sent: 120, queued: 80 },
    channels: { sms: { sent: 100, queued: 80 }, email: { sent: 20 } },
  },
};

describe('StreamEvent', () => {
  it('parses each event type by its tag', () => {
    expect(StreamEvent.parse(progress)).toEqual(progress);
    const updated = {
      type: 'delivery.updated',
      orgId: ORG,
      at: '2017-04-10T09:00:02+06:00',
      data: {
        deliveryId: DELIVERY,
        broadcastId: BROADCAST,
        contactId: CONTACT,
        channel: 'sms',
        status: 'failed',
        reason: 'opted_out',
      },
    };
    expect(StreamEvent.parse(updated)).toEqual(updated);
    const message = {
      type: 'message',
      orgId: ORG,
      at: '2017-04-10T09:00:03Z',
      data: {
        deliveryId: DELIVERY,
        broadcastId: BROADCAST,
        contactId: CONTACT,
        language: 'kk',
        title: null,
        body: 'Сенім телефоны: 111',
      },
    };
    expect(StreamEvent.parse(message)).toEqual(message);
    const alert = {
      type: 'alert',
      orgId: ORG,
      at: '2017-04-10T09:00:04Z',
      data: {
        alertId: '0190f5c2-0000-7000-8000-00000000a1e7',
        severity: 'critical',
        code: 'broadcast_failures',
        subject: { type: 'broadcast', id: '0190f5c2-0000-7000-8000-00000000b0b0' },
        message: 'WhatsApp is down',
      },
    };
    expect(StreamEvent.parse(alert)).toEqual(alert);
  });

  it('refuses an unknown type, and data that does not fit its type', () => {
    expect(StreamEvent.safeParse({ ...progress, type: 'broadcast.deleted' }).success).toBe(false);
    expect(StreamEvent.safeParse({ ...progress, type: 'alert' }).success).toBe(false);
  });

  it('counts only known delivery statuses', () => {
    const data = { ...progress.data, counts: { bounced: 1 } };
    expect(StreamEvent.safeParse({ ...progress, data }).success).toBe(false);
  });
});
