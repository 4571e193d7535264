import { createHmac } from 'node:crypto';
import type { Consent } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

// Provider webhooks through the hub's route, signed as Twilio and Meta sign them: forged
// ones are refused with their own codes, and validly signed replays — retried, reordered or
// stale — never undo a newer consent.

const PUBLIC_URL = 'https://hub.example.org';
const TWILIO_TOKEN = 'twilio-auth-token-for-tests';
const APP_SECRET = 'meta-app-secret-for-tests';
const VERIFY_TOKEN = 'verify-token-for-tests';
const HOUR = 3_600_000;

let th: TestHub;
let orgId: string;
let phones = 0;

beforeAll(async () => {
  th = await startTestHub({
    workers: false,
    env: {
      SAFENET_PUBLIC_URL: PUBLIC_URL,
      SAFENET_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      SAFENET_TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      SAFENET_TWILIO_FROM: '+15005550006',
      SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
      SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: 'access-token',
      SAFENET_WHATSAPP_CLOUD_APP_SECRET: APP_SECRET,
      SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: VERIFY_TOKEN,
      SAFENET_WEBHOOK_MAX_AGE_HOURS: '24',
    },
  });
  const res = await th.hub.app.inject({
    method: 'POST',
    url: '/v1/organisations',
    headers: th.auth,
    payload: {
      parentId: th.seed.ministryId,
      kind: 'association',
      name: 'Webhook test association',
    },
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  orgId = res.json<{ id: string }>().id;
});
afterAll(() => th?.close());

/** A parent who gave consent on SMS and WhatsApp long ago; their id and phone. */
async function parent(): Promise<{ id: string; phone: string }> {
  phones += 1;
  const phone = `+7702${String(phones).padStart(7, '0')}`;
  const consent = { status: 'granted', source: 'enrolment form', at: '2025-09-01T09:00:00Z' };
  const res = await th.hub.app.inject({
    method: 'POST',
    url: '/v1/contacts',
    headers: th.auth,
    payload: {
      orgId,
      role: 'parent',
      language: 'ru',
      addresses: { phone, whatsapp: phone },
      consents: { sms: consent, whatsapp: consent },
    },
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return { id: res.json<{ id: string }>().id, phone };
}

async function consentOf(id: string, channel: 'sms' | 'whatsapp'): Promise<Consent | undefined> {
  const res = await th.hub.app.inject({
    method: 'GET',
    url: `/v1/contacts/${id}`,
    headers: th.auth,
  });
  return res.json<{ consents: Record<string, Consent> }>().consents[channel];
}

/** An inbound SMS webhook as Twilio posts it, signed with `token` (X-Twilio-Signature). */
function twilioInbound(fields: Record<string, string>, token = TWILIO_TOKEN) {
  const url = `${PUBLIC_URL}/v1/webhooks/twilio`;
  const signed = Object.keys(fields)
    .sort()
    .reduce((text, key) => text + key + fields[key], url);
  return th.hub.app.inject({
    method: 'POST',
    url: '/v1/webhooks/twilio',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': createHmac('sha1', token).update(signed).digest('base64'),
    },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** A Cloud API notification with text messages, signed with `secret` (X-Hub-Signature-256). */
function cloudInbound(
  messages: { id: string; from: string; body: string; at: Date }[],
  secret = APP_SECRET,
) {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              messages: messages.map((m) => ({
                from: m.from.slice(1),
                id: m.id,
                timestamp: String(Math.floor(m.at.getTime() / 1000)),
                type: 'text',
                text: { body: m.body },
              })),
            },
          },
        ],
      },
    ],
  });
  return th.hub.app.inject({
    method: 'POST',
    url: '/v1/webhooks/whatsapp-cloud',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
    payload: body,
  });
}

const sms = (sid: string, from: string, body: string) => ({
  MessageSid: sid,
  SmsSid: sid,
  AccountSid: `AC${'0'.repeat(32)}`,
  From: from,
  To: '+15005550006',
  Body: body,
});

describe('forged webhooks', () => {
  it('refuses a Twilio webhook signed with another token as webhook_signature_invalid', async () => {
    const { id, phone } = await parent();
    const res = await twilioInbound(sms('SMforged', phone, 'STOP'), 'someone-elses-token');
    expect(res.statusCode).toBe(401);
    const problem = res.json();
    expect(problem).toMatchObject({ code: 'webhook_signature_invalid', status: 401 });
    expect(problem.title).not.toMatch(/API key/);
    expect(problem.detail).toMatch(/SAFENET_PUBLIC_URL/);
    expect((await consentOf(id, 'sms'))?.status).toBe('granted');
  });

  it('refuses a Cloud API notification signed with another secret', async () => {
    const { id, phone } = await parent();
    const message = { id: 'wamid.forged', from: phone, body: 'STOP', at: new Date() };
    const res = await cloudInbound([message], 'another-app-secret');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'webhook_signature_invalid' });
    expect(res.json().detail).toMatch(/SAFENET_WHATSAPP_CLOUD_APP_SECRET/);
    expect((await consentOf(id, 'whatsapp'))?.status).toBe('granted');
  });

  it('answers a wrong verify token 403 webhook_verify_token_invalid, the right one its challenge', async () => {
    const handshake = (token: string) =>
      th.hub.app.inject({
        method: 'GET',
        url: `/v1/webhooks/whatsapp-cloud?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
      });
    const wrong = await handshake('guessed');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'webhook_verify_token_invalid', status: 403 });
    const right = await handshake(VERIFY_TOKEN);
    expect(right.statusCode).toBe(200);
    expect(right.body).toBe('1158201444');
  });
});

describe('replayed SMS replies (Twilio stamps no time)', () => {
  it('does not let a replayed START undo a later STOP', async () => {
    const { id, phone } = await parent();
    expect((await twilioInbound(sms('SMstart1', phone, 'START'))).statusCode).toBe(200);
    expect((await twilioInbound(sms('SMstop2', phone, 'СТОП'))).statusCode).toBe(200);
    const stopped = await consentOf(id, 'sms');
    expect(stopped).toMatchObject({ status: 'revoked', source: 'STOP reply on sms' });

    const replay = await twilioInbound(sms('SMstart1', phone, 'START'));
    expect(replay.statusCode).toBe(200);
    expect(await consentOf(id, 'sms')).toEqual(stopped);
  });

  it('answers HELP once: a replay is not answered again', async () => {
    const { phone } = await parent();
    const first = await twilioInbound(sms('SMhelp1', phone, 'HELP'));
    expect(first.body).toMatch(/^<Response><Message>.+<\/Message><\/Response>$/s);
    const replay = await twilioInbound(sms('SMhelp1', phone, 'HELP'));
    expect(replay.statusCode).toBe(200);
    expect(replay.body).toBe('<Response></Response>');
  });
});

describe('replayed and reordered WhatsApp replies (Meta stamps each message)', () => {
  it('does not let a replayed or late START older than a STOP re-grant consent', async () => {
    const { id, phone } = await parent();
    const now = Math.floor(Date.now() / 1000) * 1000; // Meta stamps whole seconds
    const start = { id: 'wamid.start1', from: phone, body: 'START', at: new Date(now - 3 * HOUR) };
    const stop = { id: 'wamid.stop2', from: phone, body: 'STOP', at: new Date(now - 2 * HOUR) };
    const lateStart = {
      id: 'wamid.start0',
      from: phone,
      body: 'BẮT ĐẦU',
      at: new Date(now - 4 * HOUR),
    };
    expect((await cloudInbound([start])).statusCode).toBe(200);
    expect((await cloudInbound([stop])).statusCode).toBe(200);
    const stopped = await consentOf(id, 'whatsapp');
    expect(stopped).toEqual({
      status: 'revoked',
      source: 'STOP reply on whatsapp',
      at: stop.at.toISOString(),
    });

    expect((await cloudInbound([start])).statusCode).toBe(200); // a replay
    expect((await cloudInbound([lateStart])).statusCode).toBe(200); // new, but older
    expect(await consentOf(id, 'whatsapp')).toEqual(stopped);
  });

  it('answers 200 to a request whose newest event is older than the bound, applying nothing', async () => {
    const { id, phone } = await parent();
    const old = {
      id: 'wamid.old',
      from: phone,
      body: 'STOP',
      at: new Date(Date.now() - 48 * HOUR),
    };
    const res = await cloudInbound([old]);
    // 200 so Meta stops retrying; the body says it was not applied, and why.
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ received: false, stale: true });
    expect(res.json().detail).toMatch(/SAFENET_WEBHOOK_MAX_AGE_HOURS/);
    expect((await consentOf(id, 'whatsapp'))?.status).toBe('granted');

    // One recent event makes the request recent: its older companions are applied too.
    const fresh = { id: 'wamid.fresh', from: phone, body: 'hello', at: new Date() };
    expect((await cloudInbound([old, fresh])).json()).toEqual({ received: true });
    expect((await consentOf(id, 'whatsapp'))?.status).toBe('revoked');
  });
});
