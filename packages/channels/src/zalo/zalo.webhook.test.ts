import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InboundRequest } from '../channel.js';
import { parseZaloWebhook } from './zalo.webhook.js';

const SECRETS = { appId: '1234567890', oaSecretKey: 'oa-secret' };

/** Signed here from Zalo's published formula, not with the module's own function. */
function request(body: Record<string, unknown>, key = SECRETS.oaSecretKey): InboundRequest {
  const raw = JSON.stringify(body);
  const mac = createHash('sha256')
    .update(`${SECRETS.appId}${raw}${String(body.timestamp)}${key}`)
    .digest('hex');
  return {
    method: 'POST',
    url: 'https://hub.example.org/v1/webhooks/zalo-oa',
    headers: { 'X-ZEvent-Signature': `mac=${mac}` },
    rawBody: Buffer.from(raw),
  };
}

describe('parseZaloWebhook', () => {
  it('maps a received message to delivered and a seen one to read', () => {
    const received = request({
      app_id: SECRETS.appId,
      event_name: 'user_received_message',
      message: { msg_id: 'm1', delivery_time: '1775813400000' },
      timestamp: '1775813400123',
    });
    expect(parseZaloWebhook(received, SECRETS)).toEqual({
      statuses: [{ providerMessageId: 'm1', status: 'delivered', at: new Date(1775813400123) }],
      inbound: [],
      newestEventAt: new Date(1775813400123),
    });
    const seen = request({
      event_name: 'user_seen_message',
      message: { msg_ids: ['m1', 'm2'] },
      timestamp: 1775813460000,
    });
    expect(parseZaloWebhook(seen, SECRETS).statuses).toEqual([
      { providerMessageId: 'm1', status: 'read', at: new Date(1775813460000) },
      { providerMessageId: 'm2', status: 'read', at: new Date(1775813460000) },
    ]);
  });

  it('takes a user’s text as inbound from their Zalo user id, and skips follows', () => {
    const text = request({
      event_name: 'user_send_text',
      sender: { id: '4572947693969771653' },
      recipient: { id: '579745863508352884' },
      message: { text: 'Dừng lại', msg_id: 'in-1' },
      timestamp: '1775813400000',
    });
    expect(parseZaloWebhook(text, SECRETS).inbound).toEqual([
      {
        from: '4572947693969771653',
        body: 'Dừng lại',
        providerMessageId: 'in-1',
        at: new Date(1775813400000),
      },
    ]);
    const follow = request({ event_name: 'follow', follower: { id: '1' }, timestamp: '1' });
    expect(parseZaloWebhook(follow, SECRETS)).toMatchObject({ statuses: [], inbound: [] });
  });

  it('refuses a forged, missing or unverifiable signature', () => {
    const body = { event_name: 'user_received_message', message: { msg_id: 'm1' }, timestamp: '1' };
    const forged = request(body, 'other-secret');
    const unsigned = { ...request(body), headers: {} };
    const tampered = {
      ...request(body),
      rawBody: Buffer.from(JSON.stringify({ ...body, timestamp: '2' })),
    };
    const notJson = { ...request(body), rawBody: Buffer.from('not json') };
    for (const refused of [forged, unsigned, tampered, notJson]) {
      expect(() => parseZaloWebhook(refused, SECRETS)).toThrow(
        expect.objectContaining({ code: 'webhook_signature_invalid' }),
      );
    }
  });

  it('refuses a signed body that is not a Zalo event', () => {
    expect(() => parseZaloWebhook(request({ timestamp: 'soon' }), SECRETS)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});
