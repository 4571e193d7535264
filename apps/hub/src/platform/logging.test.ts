import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { SafenetError } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { createKey } from '../testing/http-helpers.js';
import { startTestHub } from '../testing/test-hub.js';
import { maskLogLine, maskPersonalData, REDACTED, redactUrl, withoutQuotes } from './logging.js';

describe('redactUrl', () => {
  it.each([
    [
      '/v1/stream?access_token=sn_abc&types=alert',
      '/v1/stream?access_token=[redacted]&types=alert',
    ],
    ['/v1/contacts?api_key=sn_abc', '/v1/contacts?api_key=[redacted]'],
    [
      '/v1/contacts?orgId=1&apiKey=x&key=y',
      '/v1/contacts?orgId=1&apiKey=[redacted]&key=[redacted]',
    ],
    [
      '/v1/webhooks/whatsapp-cloud?hub.mode=subscribe&hub.verify_token=t&hub.challenge=42',
      '/v1/webhooks/whatsapp-cloud?hub.mode=subscribe&hub.verify_token=[redacted]&hub.challenge=42',
    ],
    [
      '/x?X-Amz-Signature=s&sig=t&Secret=u',
      '/x?X-Amz-Signature=[redacted]&sig=[redacted]&Secret=[redacted]',
    ],
    ['/x?acc%65ss_token=s', '/x?acc%65ss_token=[redacted]'],
    ['/v1/unsubscribe/eyJhbGciOi.sig', '/v1/unsubscribe/[redacted]'],
    ['/u/AQGiTdPVr3eYAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/u/[redacted]'],
    ['/v1/contacts?limit=5&cursor=abc', '/v1/contacts?limit=5&cursor=abc'],
    ['/v1/contacts?phone=%2B77015550123&limit=5', '/v1/contacts?phone=[redacted]&limit=5'],
    ['/v1/contacts?phone=+77015550123', '/v1/contacts?phone=[redacted]'],
    ['/v1/contacts?email=aigul.n%40example.kz', '/v1/contacts?email=[redacted]'],
    ['/v1/contacts/%2B77015550123/consents', '/v1/contacts/[redacted]/consents'],
    ['/v1/contacts/aigul.n@example.kz', '/v1/contacts/[redacted]'],
    [
      '/v1/broadcasts/0190a5a0-0000-7000-8000-000000000001/progress',
      '/v1/broadcasts/0190a5a0-0000-7000-8000-000000000001/progress',
    ],
  ])('%s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});

describe('maskPersonalData', () => {
  it('masks phone numbers and email addresses, not ids or dates', () => {
    const id = '0190a5a0-0000-7000-8000-000000000001';
    expect(
      maskPersonalData(
        `The 'To' number +7 701 555 01 23 is not valid; mail aigul.n@example.kz; 77015550123; contact ${id} at 2026-12-04T10:00:00Z`,
      ),
    ).toBe(
      `The 'To' number ${REDACTED} is not valid; mail ${REDACTED}; ${REDACTED}; contact ${id} at 2026-12-04T10:00:00Z`,
    );
  });
});

describe('maskLogLine', () => {
  it('masks every string of a line, keys and nested values too, and leaves numbers alone', () => {
    const line = `${JSON.stringify({
      level: 30,
      time: 1796455717123,
      msg: 'send to +77015550123 failed',
      detail: { to: ['aigul.n@example.kz'], '+77015550124': true, count: 77015550125 },
    })}\n`;
    expect(maskLogLine(line)).toBe(
      `${JSON.stringify({
        level: 30,
        time: 1796455717123,
        msg: `send to ${REDACTED} failed`,
        detail: { to: [REDACTED], [REDACTED]: true, count: 77015550125 },
      })}\n`,
    );
  });

  it('masks a line that is not JSON as text', () => {
    expect(maskLogLine('to +77015550123\n')).toBe(`to ${REDACTED}\n`);
  });

  it('keeps a line valid JSON whatever its strings hold', () => {
    const line = JSON.stringify({
      msg: 'quote " and \\ then a\\b@example.kz, \u0000123456789 and "+7 701 555 01 23"',
      nested: ['x@example.kz\n+77015550123'],
    });
    const masked = maskLogLine(line);
    expect(masked).not.toMatch(/@example|555/);
    expect(JSON.parse(masked)).toEqual({
      msg: `quote " and \\ then ${REDACTED}, \u0000123456789 and "${REDACTED}"`,
      nested: [`${REDACTED}\n${REDACTED}`],
    });
  });
});

describe('withoutQuotes', () => {
  const body = 'Родительское собрание в пятницу в 18:00';
  it('takes a message’s text out of an error, its stack and its causes, and keeps the rest', () => {
    const cause = new Error(`provider said: "${body}" is too long`);
    const error = new SafenetError('provider_rejected', `refused "${body}"`, {
      reason: 'provider_rejected',
      providerCode: '21617',
      cause,
    });
    const scrubbed = withoutQuotes(error, [body, 'Memo']);
    expect(scrubbed).toBeInstanceOf(SafenetError);
    expect(scrubbed).toMatchObject({
      code: 'provider_rejected',
      reason: 'provider_rejected',
      providerCode: '21617',
      message: `refused "${REDACTED}"`,
    });
    expect(scrubbed.stack).not.toContain(body);
    expect((scrubbed.cause as Error).message).toBe(`provider said: "${REDACTED}" is too long`);
    // The original is left as it was: it is still the delivery's to settle.
    expect(error.message).toBe(`refused "${body}"`);
  });

  it('leaves texts too short to tell apart from words, and what is not an error', () => {
    expect(withoutQuotes(new Error('Hi there'), ['Hi']).message).toBe('Hi there');
    expect(withoutQuotes('a string', ['a string'])).toBe('a string');
  });
});

describe('the log of a running hub', () => {
  it('holds no credential and no personal data sent in any place a request can carry them', async () => {
    const lines: string[] = [];
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const secret = (label: string) => `${label}${randomBytes(12).toString('hex')}`;
    const twilioToken = secret('twiliotoken');
    const appSecret = secret('appsecret');
    const verifyToken = secret('verifytoken');
    await using th = await startTestHub({
      workers: false,
      logStream: capture,
      env: {
        LOG_LEVEL: 'trace',
        SAFENET_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        SAFENET_TWILIO_AUTH_TOKEN: twilioToken,
        SAFENET_TWILIO_FROM: '+15005550006',
        SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: '1234567890',
        SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: secret('accesstoken'),
        SAFENET_WHATSAPP_CLOUD_APP_SECRET: appSecret,
        SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: verifyToken,
      },
    });
    const app = th.hub.app;
    const school = th.seed.schoolIds[0];
    const key = await createKey(app, th.auth, school, ['read', 'write']);
    const sent = {
      queryKey: secret('sn_query'),
      streamToken: secret('sn_stream'),
      cookie: secret('session'),
      xApiKey: secret('sn_header'),
      twilioSignature: secret('twiliosig'),
      metaSignature: secret('metasig'),
      unsubscribeToken: secret('unsubscribetoken'),
      phone: '+77015550199',
      email: `parent.${randomBytes(4).toString('hex')}@example.kz`,
    };
    const requests: {
      method: 'GET' | 'POST';
      url: string;
      headers?: Record<string, string>;
      payload?: string | object;
    }[] = [
      { method: 'GET', url: `/v1/contacts?orgId=${school}&api_key=${sent.queryKey}` },
      { method: 'GET', url: `/v1/stream?access_token=${sent.streamToken}&types=alert` },
      { method: 'GET', url: `/health?token=${sent.streamToken}&secret=${sent.queryKey}` },
      {
        method: 'GET',
        url: `/v1/webhooks/whatsapp-cloud?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=7`,
      },
      {
        method: 'POST',
        url: '/v1/webhooks/twilio',
        headers: {
          'x-twilio-signature': sent.twilioSignature,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: `MessageSid=SM1&MessageStatus=delivered&To=${encodeURIComponent(sent.phone)}`,
      },
      {
        method: 'POST',
        url: '/v1/webhooks/whatsapp-cloud',
        headers: { 'x-hub-signature-256': `sha256=${sent.metaSignature}` },
        payload: { entry: [{ changes: [{ value: { contacts: [{ wa_id: sent.phone }] } }] }] },
      },
      { method: 'GET', url: `/v1/unsubscribe/${sent.unsubscribeToken}` },
      {
        method: 'POST',
        url: '/v1/contacts',
        headers: { ...key.headers, cookie: `sid=${sent.cookie}`, 'x-api-key': sent.xApiKey },
        payload: {
          orgId: school,
          role: 'parent',
          language: 'ru',
          addresses: { phone: sent.phone, email: sent.email },
        },
      },
      {
        // A phone the schema refuses: the 400 quotes it back to the client, not to the log.
        method: 'POST',
        url: '/v1/contacts',
        headers: key.headers,
        payload: { orgId: school, role: 'parent', language: 'ru', addresses: { phone: '+7701' } },
      },
    ];
    for (const request of requests) {
      await app.inject({ ...request, headers: { ...th.auth, ...request.headers } });
    }
    const created = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: th.auth,
      payload: { orgId: school, name: 'log test', scopes: ['read'] },
    });
    const newSecret = created.json<{ secret: string }>().secret;
    // What the dispatch workers log when a provider refuses a message, quoting its recipient.
    app.log.warn(
      { err: new Error(`The 'To' number ${sent.phone} (${sent.email}) is not valid`) },
      'dispatch failed; it will be retried',
    );
    // Whatever else logs personal data: a field, the message text, a message pino takes
    // from an error logged alone (past the error serializer).
    app.log.info({ to: sent.phone, contact: { email: sent.email } }, `sending to ${sent.phone}`);
    app.log.error(new Error(`no mailbox ${sent.email}`));

    // The capture works: every request was logged, with its redacted URL.
    const log = lines.join('\n');
    expect(lines.filter((line) => line.includes('"incoming request"')).length).toBeGreaterThan(
      requests.length,
    );
    expect(log).toContain(`/v1/contacts?orgId=${school}&api_key=${REDACTED}`);
    expect(log).toContain(`The 'To' number ${REDACTED} (${REDACTED}) is not valid`);
    expect(log).toContain(`"to":"${REDACTED}","contact":{"email":"${REDACTED}"}`);
    expect(log).toContain(`"msg":"sending to ${REDACTED}"`);
    expect(log).toContain(`"msg":"no mailbox ${REDACTED}"`);
    const secrets = {
      ...sent,
      adminKey: th.adminKey,
      createdKey: key.secret,
      newSecret,
      twilioToken,
      appSecret,
      verifyToken,
    };
    const leaks = Object.entries(secrets).filter(([, value]) => log.includes(value));
    expect(leaks.map(([name]) => name)).toEqual([]);
  });
});
