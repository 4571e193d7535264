/**
 * Telegram as a delivery channel (issue 17), through the whole hub on both stores: a school
 * makes a deep link for a parent (`POST /v1/contacts/:id/telegram-link`), the parent opens it
 * in the bot (the hub's own webhook, the Bot API's local stand-in), their chat becomes the
 * contact's Telegram address and their consent is in the history; /stop withdraws it. A
 * tampered, expired or someone else's link changes nothing and says why, in the user's
 * language. This bot has no intake organisation: it delivers only.
 */
import { randomUUID } from 'node:crypto';
import {
  type ConsentEvent,
  type Contact,
  type Page,
  SafenetError,
  type TelegramLink,
} from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { buildServer } from '../../server.js';
import { createKey, expectProblem } from '../../testing/http-helpers.js';
import {
  startTelegramBotApi,
  type TelegramBotApi,
  type TelegramUser,
} from '../../testing/telegram-bot-api.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { LINK_WORDS } from './links/links.words.js';
import { createTelegramModule } from './telegram.module.js';
import { moduleParts } from './telegram.test-support.js';

const TOKEN = '7000000003:AAH-test-token-of-the-delivery-bot-890';
const SECRET = 'delivery-webhook-secret-0123456789abc';
const USERNAME = 'SafenetSchool_bot';
const DAY_MS = 86_400_000;

describe.each(await testBackends())('Telegram deep links on $name', ({ database, run }) => {
  let th: TestHub;
  let api: TelegramBotApi;
  let webhook: string;
  let clock = Date.parse('2026-04-10T04:00:00Z');
  let nextUser = 880_000_001;
  /** A Telegram user of their own per call, speaking `languageCode`. */
  const user = (languageCode?: string): TelegramUser => ({
    id: nextUser++,
    firstName: 'Parent',
    ...(languageCode !== undefined ? { languageCode } : {}),
  });

  const inject = (method: 'GET' | 'POST', url: string, headers = th.auth, payload?: object) =>
    th.hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const newContact = async (orgId: string, language: string): Promise<Contact> => {
    const res = await inject('POST', '/v1/contacts', th.auth, {
      orgId,
      role: 'parent',
      language,
      addresses: { phone: '+77015550100' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Contact>();
  };
  const linkFor = async (contactId: string): Promise<TelegramLink> => {
    const res = await inject('POST', `/v1/contacts/${contactId}/telegram-link`);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<TelegramLink>();
  };
  const contact = async (id: string) => (await inject('GET', `/v1/contacts/${id}`)).json<Contact>();
  const history = async (id: string) =>
    (await inject('GET', `/v1/contacts/${id}/consent-history?channel=telegram`)).json<
      Page<ConsentEvent>
    >().items;
  const send = async (from: TelegramUser, text: string) => {
    const res = await api.update(webhook, SECRET, from, { text });
    expect(res.status, res.body).toBe(200);
    clock += 1000;
  };
  const lastTextTo = (from: TelegramUser) => api.textsTo(from.id).at(-1);
  const linkRows = (contactId: string) =>
    sql<Record<string, unknown>>`select * from telegram_links where contact_id = ${contactId}`
      .execute(th.hub.db)
      .then((r) => r.rows);

  beforeAll(async () => {
    if (!run) return;
    api = await startTelegramBotApi(TOKEN);
    th = await startTestHub({
      database,
      workers: false,
      now: () => clock,
      env: {
        SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
        SAFENET_TELEGRAM_WEBHOOK_SECRET: SECRET,
        SAFENET_TELEGRAM_API_ROOT: api.apiRoot,
        SAFENET_TELEGRAM_BOT_USERNAME: USERNAME,
        SAFENET_TELEGRAM_LINK_TTL_DAYS: '30',
      },
    });
    webhook = `${await th.hub.app.listen({ port: 0, host: '127.0.0.1' })}/v1/telegram/webhook`;
  });

  afterAll(async () => {
    await api?.close();
    await th?.close();
  });

  it.runIf(run)(
    'binds the chat that opens a link, records the consent, and answers in the contact’s language',
    async () => {
      const parent = await newContact(th.seed.schoolIds[0], 'kk');
      const link = await linkFor(parent.id);
      expect(link.token).toMatch(/^[A-Za-z0-9_-]{40}$/);
      expect(link.url).toBe(`https://t.me/${USERNAME}?start=${link.token}`);
      expect(Date.parse(link.expiresAt)).toBe(clock + 30 * DAY_MS);
      expect(link.qrSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);

      // Their Telegram speaks Russian; the school knows them as Kazakh-speaking.
      const from = user('ru');
      await send(from, `/start ${link.token}`);
      const school = await inject('GET', `/v1/organisations/${th.seed.schoolIds[0]}`);
      const schoolName = school.json<{ name: string }>().name;
      expect(lastTextTo(from)).toBe(LINK_WORDS.kk.linked(schoolName));
      expect(lastTextTo(from)).toContain('/stop');

      const after = await contact(parent.id);
      expect(after.addresses).toEqual({ phone: '+77015550100', telegram: String(from.id) });
      expect(after.consents.telegram).toMatchObject({
        status: 'granted',
        source: 'telegram deep link',
      });
      expect(await history(parent.id)).toMatchObject([
        { status: 'granted', source: 'telegram deep link', by: { kind: 'contact', id: null } },
      ]);
      // The link is spent, by a chat its table names only by a keyed hash.
      const [row] = await linkRows(parent.id);
      expect(row?.used_at).not.toBeNull();
      expect(row?.chat_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(row)).not.toContain(String(from.id));

      // The same chat opening it again: the same answer, nothing recorded twice.
      await send(from, `/start ${link.token}`);
      expect(lastTextTo(from)).toBe(LINK_WORDS.kk.linked(schoolName));
      expect(await history(parent.id)).toHaveLength(1);
    },
  );

  it.runIf(run)(
    'refuses a tampered link, an expired one and one another chat opened, changing nothing',
    async () => {
      const parent = await newContact(th.seed.schoolIds[0], 'ru');
      const link = await linkFor(parent.id);
      const stranger = user('vi');
      const last = link.token.at(-1) === 'A' ? 'B' : 'A';
      const tampered = `${link.token.slice(0, -1)}${last}`;
      await send(stranger, `/start ${tampered}`);
      expect(lastTextTo(stranger)).toBe(LINK_WORDS.vi.invalid);
      await send(stranger, '/start not-a-token-at-all');
      expect(lastTextTo(stranger)).toBe(LINK_WORDS.vi.invalid);
      expect((await contact(parent.id)).addresses.telegram).toBeUndefined();

      // Opened by its parent, then by someone else: refused.
      const owner = user('ru');
      await send(owner, `/start ${link.token}`);
      await send(stranger, `/start ${link.token}`);
      expect(lastTextTo(stranger)).toBe(LINK_WORDS.vi.used);
      expect((await contact(parent.id)).addresses.telegram).toBe(String(owner.id));
      expect(await history(parent.id)).toHaveLength(1);

      // A second link, never opened: it works until it expires, then says so. A user whose
      // Telegram speaks none of the four languages is answered in English.
      const late = await linkFor(parent.id);
      clock += 30 * DAY_MS;
      const german = user('de');
      await send(german, `/start ${late.token}`);
      expect(lastTextTo(german)).toBe(LINK_WORDS.en.expired);
      expect((await contact(parent.id)).addresses.telegram).toBe(String(owner.id));
      const rows = await linkRows(parent.id);
      expect(rows.filter((r) => r.used_at === null)).toHaveLength(1);
    },
  );

  it.runIf(run)('keeps an earlier unopened link valid when a new one is made', async () => {
    const parent = await newContact(th.seed.schoolIds[0], 'vi');
    const printed = await linkFor(parent.id);
    await linkFor(parent.id);
    const from = user('vi');
    await send(from, `/start ${printed.token}`);
    expect(lastTextTo(from)).toMatch(/^Xong:/);
    expect((await contact(parent.id)).consents.telegram?.status).toBe('granted');
  });

  it.runIf(run)(
    '/stop withdraws every contact the chat is bound to, in the contact’s language',
    async () => {
      // One parent in two schools' lists, both bound to the same chat.
      const first = await newContact(th.seed.schoolIds[0], 'kk');
      const second = await newContact(th.seed.schoolIds[1], 'ru');
      const from = user('en');
      await send(from, `/start ${(await linkFor(first.id)).token}`);
      await send(from, `/start ${(await linkFor(second.id)).token}`);
      await send(from, '/stop');
      expect(lastTextTo(from)).toBe(LINK_WORDS.kk.stopped);
      for (const id of [first.id, second.id]) {
        expect((await contact(id)).consents.telegram?.status).toBe('revoked');
        expect(await history(id)).toMatchObject([
          { status: 'revoked', source: 'telegram /stop', by: { kind: 'contact', id: null } },
          { status: 'granted', source: 'telegram deep link' },
        ]);
      }
      // Opening their link again subscribes them again.
      await send(from, `/start ${(await linkFor(first.id)).token}`);
      expect((await contact(first.id)).consents.telegram?.status).toBe('granted');
      expect((await contact(second.id)).consents.telegram?.status).toBe('revoked');

      // A chat bound to no one is answered politely; nothing changes.
      const unknown = user('kk');
      const before = await sql`select count(*)::int as n from consent_events`.execute(th.hub.db);
      await send(unknown, '/stop');
      expect(lastTextTo(unknown)).toBe(LINK_WORDS.kk.notLinked);
      const after = await sql`select count(*)::int as n from consent_events`.execute(th.hub.db);
      expect(after.rows).toEqual(before.rows);
    },
  );

  it.runIf(run)('explains itself to a plain /start, having no intake', async () => {
    const from = user('vi');
    await send(from, '/start');
    expect(lastTextTo(from)).toBe(LINK_WORDS.vi.about);
    await send(from, 'xin chào');
    expect(lastTextTo(from)).toBe(LINK_WORDS.vi.about);
  });

  it.runIf(run)(
    'makes links for contacts of the caller’s subtree only, with a write key',
    async () => {
      const parent = await newContact(th.seed.schoolIds[0], 'ru');
      const otherSchool = await newContact(th.seed.schoolIds[1], 'ru');
      const schoolKey = await createKey(th.hub.app, th.auth, th.seed.schoolIds[0], ['write']);
      const readKey = await createKey(th.hub.app, th.auth, th.seed.schoolIds[0], ['read']);
      const url = (id: string) => `/v1/contacts/${id}/telegram-link`;

      expect((await inject('POST', url(parent.id), schoolKey.headers)).statusCode).toBe(201);
      expectProblem(await inject('POST', url(otherSchool.id), schoolKey.headers), 404, 'not_found');
      expectProblem(await inject('POST', url(randomUUID())), 404, 'not_found');
      expectProblem(await inject('POST', url('not-a-uuid')), 400, 'validation_failed');
      expectProblem(
        await inject('POST', url(parent.id), readKey.headers),
        403,
        'insufficient_scope',
      );
      // No link row was made by a refused call.
      expect(await linkRows(otherSchool.id)).toEqual([]);
    },
  );

  it.runIf(run)('answers 409 telegram_not_configured on a hub without a bot username', async () => {
    // This hub's environment, its bot's username left out.
    const config = loadConfig(
      Object.fromEntries(
        Object.entries(th.env).filter(([name]) => name !== 'SAFENET_TELEGRAM_BOT_USERNAME'),
      ),
    );
    expect(config.telegram?.botUsername).toBeNull();
    const { platform, postDoors } = moduleParts(th, () => clock);
    const doors = {
      submit: async () => ({ reference: 'never' }),
      statusOf: async () => null,
      forget: async () => 0,
      ...postDoors,
    };
    const parent = await newContact(th.seed.schoolIds[0], 'ru');
    for (const telegram of [config.telegram, null]) {
      const bare = await buildServer(config, {
        db: th.hub.db,
        modules: [createTelegramModule(platform, { telegram }, doors)],
        authenticate: async () => ({
          actor: { kind: 'key', apiKeyId: randomUUID() },
          orgId: th.seed.ministryId,
          orgPath: [th.seed.ministryId],
          scopes: ['write'],
        }),
        authenticateSession: async () => {
          throw new SafenetError('unauthenticated', 'no sessions here');
        },
      });
      try {
        const headers = { authorization: 'Bearer sn_anything' };
        expectProblem(
          await bare.inject({
            method: 'POST',
            url: `/v1/contacts/${parent.id}/telegram-link`,
            headers,
          }),
          409,
          'telegram_not_configured',
        );
        // A contact that is not there is still 404 first.
        expectProblem(
          await bare.inject({
            method: 'POST',
            url: `/v1/contacts/${randomUUID()}/telegram-link`,
            headers,
          }),
          404,
          'not_found',
        );
      } finally {
        await bare.close();
      }
    }
    expect(await linkRows(parent.id)).toEqual([]);
  });

  it.runIf(run)('loses a contact’s links when the contact is erased', async () => {
    const parent = await newContact(th.seed.schoolIds[0], 'kk');
    await send(user('kk'), `/start ${(await linkFor(parent.id)).token}`);
    await linkFor(parent.id);
    expect(await linkRows(parent.id)).toHaveLength(2);
    const erased = await inject('POST', `/v1/contacts/${parent.id}/erase`);
    expect(erased.statusCode, erased.body).toBe(200);
    expect(await linkRows(parent.id)).toEqual([]);
  });
});
