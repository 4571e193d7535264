import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InboundRequest } from '../channel.js';
import { parseCloudWebhook } from './cloud.webhook.js';

const SECRET = 'app-secret';

function request(body: unknown, secret = SECRET): InboundRequest {
  const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const signature = createHmac('sha256', secret).update(rawBody).digest('hex');
  return {
    method: 'POST',
    url: 'https://hub.example.org/webhooks/whatsapp-cloud',
    headers: { 'X-Hub-Signature-256': `sha256=${signature}` },
    rawBody,
  };
}

const notification = (value: Record<string, unknown>, field = 'messages') => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '1', changes: [{ field, value: { messaging_product: 'whatsapp', ...value } }] }],
});

describe('parseCloudWebhook', () => {
  it('maps statuses, skipping ones Safenet does not track', () => {
    const events = parseCloudWebhook(
      request(
        notification({
          statuses: [
            {
              id: 'wamid.A',
              status: 'delivered',
              timestamp: '1775813400',
              recipient_id: '77012345678',
            },
            {
              id: 'wamid.B',
              status: 'failed',
              timestamp: '1775813401',
              errors: [{ code: 131047, title: 'Re-engagement message' }],
            },
            {
              id: 'wamid.C',
              status: 'failed',
              timestamp: '1775813402',
              errors: [{ code: 131000 }],
            },
            { id: 'wamid.D', status: 'deleted', timestamp: '1775813403' },
          ],
        }),
      ),
      SECRET,
    );
    expect(events).toEqual({
      inbound: [],
      statuses: [
        { providerMessageId: 'wamid.A', status: 'delivered', at: new Date(1775813400_000) },
        {
          providerMessageId: 'wamid.B',
          status: 'failed',
          errorCode: '131047',
          reason: 'template_required',
          at: new Date(1775813401_000),
        },
        {
          providerMessageId: 'wamid.C',
          status: 'failed',
          errorCode: '131000',
          reason: 'provider_unavailable',
          at: new Date(1775813402_000),
        },
      ],
      // The skipped `deleted` status is signed too, and the newest.
      newestEventAt: new Date(1775813403_000),
    });
  });

  it('gives the newest signed event time across statuses and messages, none without events', () => {
    const events = parseCloudWebhook(
      request(
        notification({
          statuses: [{ id: 'wamid.S', status: 'read', timestamp: '1775813400' }],
          messages: [
            {
              from: '84912345678',
              id: 'wamid.R',
              timestamp: '1775813460',
              type: 'reaction',
              reaction: { emoji: '👍' },
            },
          ],
        }),
      ),
      SECRET,
    );
    expect(events.newestEventAt).toEqual(new Date(1775813460_000));
    const empty = parseCloudWebhook(request(notification({ statuses: [] })), SECRET);
    expect(empty).not.toHaveProperty('newestEventAt');
  });

  it('takes text messages only, the sender in E.164', () => {
    const events = parseCloudWebhook(
      request(
        notification({
          messages: [
            {
              from: '84912345678',
              id: 'wamid.T',
              timestamp: '1775813400',
              type: 'text',
              text: { body: 'Xin chào' },
            },
            {
              from: '84912345678',
              id: 'wamid.I',
              timestamp: '1775813400',
              type: 'image',
              image: { id: '1' },
            },
          ],
        }),
      ),
      SECRET,
    );
    expect(events.inbound).toEqual([
      {
        from: '+84912345678',
        body: 'Xin chào',
        providerMessageId: 'wamid.T',
        at: new Date(1775813400_000),
      },
    ]);
  });

  it('ignores other fields such as template status updates', () => {
    const body = notification({ event: 'APPROVED' }, 'message_template_status_update');
    expect(parseCloudWebhook(request(body), SECRET)).toEqual({ statuses: [], inbound: [] });
  });

  it('refuses a wrong or missing signature before reading the body', () => {
    const unsigned = { ...request('not json'), headers: {} };
    expect(() => parseCloudWebhook(request('not json', 'other'), SECRET)).toThrow(
      expect.objectContaining({ code: 'webhook_signature_invalid' }),
    );
    expect(() => parseCloudWebhook(unsigned, SECRET)).toThrow(
      expect.objectContaining({ code: 'webhook_signature_invalid' }),
    );
  });

  it('refuses a signed body that is not a Cloud API notification', () => {
    expect(() => parseCloudWebhook(request('not json'), SECRET)).toThrow(
      expect.objectContaining({ code: 'malformed_json' }),
    );
    expect(() => parseCloudWebhook(request({ object: 'page', entry: [] }), SECRET)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});
