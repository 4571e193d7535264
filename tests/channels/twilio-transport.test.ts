/**
 * The Twilio adapter's HTTP transport (`TwilioUndiciClient`, the twilio library over undici)
 * against the local Twilio server: each of its answers is mapped to the SafenetError it was
 * mapped to over axios, and an unreachable server fails retryably. What a plain HTTP server
 * can show (headers on the wire, timeouts, connections kept) is tested next to the client,
 * in packages/channels/src/sms-twilio/twilio.undici-client.test.ts.
 */
import { createTwilioSmsAdapter, TwilioUndiciClient } from '@safenet/channels';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
} from '../support/twilio-server.js';
import { context, expectSafenetError, outgoing } from './channel.contract.js';

const FROM = '+15005550006';

function adapterFor(url: string, maxConnections?: number) {
  return createTwilioSmsAdapter({
    accountSid: TEST_ACCOUNT_SID,
    authToken: TEST_AUTH_TOKEN,
    from: FROM,
    apiBaseUrl: url,
    ...(maxConnections === undefined ? {} : { maxConnections }),
  });
}

describe('the Twilio transport on undici', () => {
  describe('answers mapped to the same errors as before', () => {
    async function sendTo(twilioServer: TwilioTestServer, to = '+77012345678') {
      const adapter = adapterFor(twilioServer.url);
      try {
        return await adapter.send(outgoing(to), context());
      } finally {
        await adapter.close();
      }
    }

    it('throws the library RestException with the body and status of an error answer', async () => {
      await using server = await startTwilioServer();
      const httpClient = new TwilioUndiciClient({
        apiBaseUrl: server.url,
        timeout: 5_000,
        connections: 1,
      });
      const client = twilio(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, { httpClient });

      const thrown = await client.messages.create({ to: '8701', body: 'x', from: FROM }).then(
        () => expect.unreachable('expected a refusal'),
        (error: unknown) => error,
      );
      await httpClient.close();

      expect(thrown).toBeInstanceOf(twilio.RestException);
      expect(thrown).toMatchObject({
        status: 400,
        code: 21211,
        message: "The 'To' number 8701 is not a valid phone number.",
      });
    });

    it('refuses an invalid number for good: 400, code 21211', async () => {
      await using server = await startTwilioServer();
      const error = await expectSafenetError(sendTo(server, '8701'), 'provider_rejected', false);
      expect(error).toMatchObject({ providerCode: '21211', reason: 'invalid_address' });
    });

    it('retries with the credentials wrong: 401, code 20003', async () => {
      await using server = await startTwilioServer({ authToken: 'another-token' });
      const error = await expectSafenetError(sendTo(server), 'provider_unavailable', true);
      expect(error).toMatchObject({ providerCode: '20003' });
    });

    it.each([500, 503] as const)('retries a %i without Retry-After', async (status) => {
      await using server = await startTwilioServer();
      server.failNext(1, status);
      const error = await expectSafenetError(sendTo(server), 'provider_unavailable', true);
      expect(error).toMatchObject({ providerCode: '20500', throttlesChannel: false });
      expect(error.retryAfterSeconds).toBeUndefined();
    });

    it('keeps the Retry-After of a 429 and throttles the channel', async () => {
      await using server = await startTwilioServer();
      server.failNext(1, 429, 9);
      const error = await expectSafenetError(sendTo(server), 'provider_unavailable', true);
      expect(error).toMatchObject({
        providerCode: '20429',
        retryAfterSeconds: 9,
        throttlesChannel: true,
      });
    });
  });

  describe('without an answer', () => {
    it('retries when the connection is refused', async () => {
      const gone = await startTwilioServer();
      await gone.close();
      const adapter = adapterFor(gone.url);

      const error = await expectSafenetError(
        adapter.send(outgoing('+77012345678'), context()),
        'provider_unavailable',
        true,
      );
      await adapter.close();
      expect(error).toMatchObject({ providerCode: 'ECONNREFUSED' });
    });
  });

  describe('closing', () => {
    it('sends every message in flight before it closes, then refuses', async () => {
      await using server = await startTwilioServer({ statusCallbacks: false });
      const adapter = adapterFor(server.url, 2);

      const sends = Array.from({ length: 6 }, (_, i) =>
        adapter.send(outgoing(`+7701${String(2_000_000 + i)}`), context()),
      );
      await adapter.close();

      await expect(Promise.all(sends)).resolves.toHaveLength(6);
      expect(server.messages).toHaveLength(6);
      await expectSafenetError(
        adapter.send(outgoing('+77012345678'), context()),
        'provider_unavailable',
        true,
      );
    });
  });
});
