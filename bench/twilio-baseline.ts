/**
 * The raw baseline the SMS benchmarks measure the hub against: undici POSTs straight to the
 * local Twilio server, `concurrency` in flight, each waiting for Twilio's 201 — no twilio
 * library, no database, no queue.
 */

import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from '@safenet/tests/support/twilio-server';
import { Pool } from 'undici';

/** Distinct Kazakh mobile numbers in E.164. */
export const phone = (i: number) => `+7701${String(10_000_000 + i).slice(1)}`;

/** Messages per second of `count` POSTs whose form `form(i)` gives, to a healthy server. */
export async function rawTwilioRate(
  count: number,
  concurrency: number,
  form: (i: number) => Record<string, string>,
): Promise<number> {
  await using twilio = await startTwilioServer({ statusCallbacks: false });
  const pool = new Pool(twilio.url, { connections: concurrency });
  const path = `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages.json`;
  const headers = {
    authorization: `Basic ${Buffer.from(`${TEST_ACCOUNT_SID}:${TEST_AUTH_TOKEN}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const { statusCode, body } = await pool.request({
          path,
          method: 'POST',
          headers,
          body: new URLSearchParams(form(i)).toString(),
        });
        await body.text();
        if (statusCode !== 201) throw new Error(`baseline: HTTP ${statusCode}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  if (twilio.messages.length !== count) throw new Error(`baseline: ${twilio.messages.length} sent`);
  return count / seconds;
}
