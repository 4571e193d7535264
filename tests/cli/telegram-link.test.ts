/**
 * `safenet contacts telegram-link`: the built binary against a test hub whose Telegram bot
 * talks to the local Bot API stand-in. The link it prints is real: posted to the hub's webhook
 * as `/start <token>`, it binds the chat to the contact. A hub with no bot refuses (exit 4)
 * and the message names what the administrator must set.
 */
import { startTelegramBotApi, type TelegramBotApi } from '@safenet/hub/testing';
import type { Contact, TelegramLink } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliHub, cliEnv, runCli, startCliHub } from './cli-harness.js';

const TOKEN = '7000000001:AAH-cli-token-of-the-school-bot-4567';
const SECRET = 'cli-telegram-webhook-secret-0123456789';

/** A Kazakh parent of the demo ministry, with no Telegram yet. */
function parent(hub: CliHub): Promise<Contact> {
  return hub.client.contacts.create({
    orgId: hub.th.seed.ministryId,
    role: 'parent',
    language: 'kk',
    addresses: { phone: '+77015550101' },
  });
}

describe('safenet contacts telegram-link, with a bot', () => {
  let api: TelegramBotApi;
  let hub: CliHub;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    api = await startTelegramBotApi(TOKEN);
    hub = await startCliHub({
      env: {
        SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
        SAFENET_TELEGRAM_WEBHOOK_SECRET: SECRET,
        SAFENET_TELEGRAM_API_ROOT: api.apiRoot,
        SAFENET_TELEGRAM_BOT_USERNAME: 'SafenetSchool_bot',
      },
    });
    env = cliEnv(hub.home.path, hub.adminEnv);
  });

  afterAll(async () => {
    await hub?.[Symbol.asyncDispose]();
    await api?.close();
  });

  it('prints a link that binds the chat that opens it', async () => {
    const contact = await parent(hub);
    const run = await runCli(['contacts', 'telegram-link', contact.id, '-o', 'json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const link = JSON.parse(run.stdout) as TelegramLink;
    expect(link.url).toBe(`https://t.me/SafenetSchool_bot?start=${link.token}`);
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now());
    expect(run.stderr).toContain('Give it to this contact only');

    const opened = await api.update(
      `${hub.url}/v1/telegram/webhook`,
      SECRET,
      { id: 771_000_001, firstName: 'Parent', languageCode: 'kk' },
      { text: `/start ${link.token}` },
    );
    expect(opened.status, opened.body).toBe(200);
    const linked = await hub.client.contacts.get(contact.id);
    expect(linked.addresses.telegram).toBe('771000001');
    expect(linked.consents.telegram).toMatchObject({
      status: 'granted',
      source: 'telegram deep link',
    });
  });

  it('--qr draws the QR code on stderr; the table on stdout has the URL and expiry', async () => {
    const contact = await parent(hub);
    const run = await runCli(['contacts', 'telegram-link', contact.id, '--qr', '-o', 'table'], {
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    // qrcode-terminal's small code: half blocks, many lines of them.
    expect(run.stderr.split('\n').filter((line) => /[▀▄█]/.test(line)).length).toBeGreaterThan(10);
    expect(run.stdout).not.toMatch(/[▀▄█]/);
    expect(run.stdout).toMatch(/│ url\s+│ https:\/\/t\.me\/SafenetSchool_bot\?start=\S+\s+│/);
    expect(run.stdout).toMatch(/│ expires at\s+│ \d{4}-\d\d-\d\dT[\d:.]+Z\s+│/);
  });

  it('a contact outside the key’s subtree is not found (3)', async () => {
    const run = await runCli(
      ['contacts', 'telegram-link', '01900000-0000-7000-8000-000000000000'],
      { env },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: not_found: /m);
  });
});

describe('safenet contacts telegram-link, on a hub without a bot', () => {
  let hub: CliHub;

  beforeAll(async () => {
    hub = await startCliHub();
  });

  afterAll(async () => {
    await hub?.[Symbol.asyncDispose]();
  });

  it('is refused (4), naming what the administrator must set', async () => {
    const contact = await parent(hub);
    const run = await runCli(['contacts', 'telegram-link', contact.id], {
      env: cliEnv(hub.home.path, hub.adminEnv),
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^error: telegram_not_configured: .*SAFENET_TELEGRAM_BOT_USERNAME/m);
    expect(run.stdout).toBe('');
  });
});
