/**
 * `safenet whatsapp pair` and `channels status` with a WhatsApp Web phone: the hub runs the
 * tests' stand-in for whatsapp-web.js's client (the real one cannot reach WhatsApp here); the
 * CLI starts the session, prints its QR code in the terminal, and ends when the phone has
 * scanned it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWhatsAppClient } from '../support/whatsapp-web-fake.js';
import { type CliHub, cliEnv, runCli, spawnCli, startCliHub } from './cli-harness.js';

let hub: CliHub;
let env: NodeJS.ProcessEnv;
const phone = new FakeWhatsAppClient();

beforeAll(async () => {
  hub = await startCliHub({ env: { SAFENET_WHATSAPP_WEB: 'true' }, whatsappWebClient: phone });
  env = cliEnv(hub.home.path, hub.adminEnv);
});

afterAll(async () => {
  await hub?.[Symbol.asyncDispose]();
});

describe('safenet whatsapp pair', () => {
  it('prints the QR code until the phone scans it, then exits 0', async () => {
    const pair = spawnCli(['whatsapp', 'pair'], { env });
    await pair.waitFor(/Scan it with the phone: WhatsApp › Settings › Linked devices/);
    // qrcode-terminal's small code: half blocks, several lines of them.
    expect(pair.stdout.split('\n').filter((line) => /[▀▄█]/.test(line)).length).toBeGreaterThan(10);
    await phone.scanQr();
    const result = await pair.result;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Paired: whatsapp-web is ready and sends.');

    const status = await runCli(['channels', 'status', '-o', 'json'], { env });
    const phoneChannel = JSON.parse(status.stdout).find(
      (channel: { provider: string }) => channel.provider === 'whatsapp-web',
    );
    // Paired: it sends, nothing pauses it.
    expect(phoneChannel).toMatchObject({ channel: 'whatsapp', pairs: true, paused: null });
  });

  it('needs an admin key (4)', async () => {
    const key = await hub.client.apiKeys.create({
      orgId: hub.th.seed.ministryId,
      name: 'CLI test, read only',
      scopes: ['read'],
    });
    const run = await runCli(['whatsapp', 'pair'], {
      env: cliEnv(hub.home.path, { SAFENET_URL: hub.url, SAFENET_API_KEY: key.secret }),
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^error: insufficient_scope: /m);
  });
});
