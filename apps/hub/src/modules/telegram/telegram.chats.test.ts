/**
 * Telegram groups and channels as a target of their own (issue 17), through the hub on both
 * stores: an organisation makes a connection link; an administrator connects the committee's
 * group (the `startgroup` link's `/start@bot <token>`) and a channel (`/connect@bot <token>`
 * posted there); a post goes to both in Kazakh, once each, within the bot's pacing; the bot
 * removed from a chat makes it unavailable, and a post naming it is refused whole. Reused,
 * tampered and foreign links, a member who is not an administrator, and two workers on one
 * post change nothing they should not.
 */
import type { Page, TelegramChat, TelegramChatLink, TelegramPost } from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { meetingPoint } from '../../testing/meeting-point.js';
import {
  channelPost,
  type GroupChat,
  groupMessage,
  groupMigrated,
  myChatMember,
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApi,
  type TelegramUser,
} from '../../testing/telegram-bot-api.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { pacedSender, SendSpacing } from '../delivery/index.js';
import { CHAT_WORDS } from './chats/chats.words.js';
import { type PostWorkerDeps, runPost } from './posts/posts.worker.js';

const TOKEN = '7000000001:AAH-test-token-of-the-chats-bot-4567';
const SECRET = 'chats-webhook-secret-0123456789abcdef';
const USERNAME = STAND_IN_BOT_INFO.username;
/** From the committee's announcement of its chat (seeds/001): Kazakh, as the chat reads. */
const KK_BODY =
  'Бүгінде әлеуметтік желілер барлық адамдар үшін ашық және жасөспірімдер әлеуметтік желілерде қорқыту, буллинг көрсету сияқты келеңсіз жайттарға жиі тап болуы мүмкін.';
const KK_TITLE = '«Балаларды бірге қорғайық»';

describe.each(await testBackends())(
  'Telegram groups and channels on $name',
  ({ database, run }) => {
    let th: TestHub;
    let api: TelegramBotApi;
    let webhook: string;
    let clock = Date.parse('2026-04-10T04:00:00Z');
    let nextChat = -1_001_500_000_001;
    let nextUser = 990_000_001;
    const person = (languageCode = 'kk'): TelegramUser => ({
      id: nextUser++,
      firstName: 'Teacher',
      languageCode,
    });
    const newChat = (type: GroupChat['type'], title: string): GroupChat => ({
      id: nextChat--,
      type,
      title,
    });

    const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      th.hub.app.inject({ method, url, headers: th.auth, ...(payload ? { payload } : {}) });
    const chatLink = async (orgId: string, language = 'kk'): Promise<TelegramChatLink> => {
      const res = await inject('POST', '/v1/telegram/chat-links', { orgId, language });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<TelegramChatLink>();
    };
    const deliver = async (update: object) => {
      const res = await api.postUpdate(webhook, SECRET, update);
      expect(res.status, res.body).toBe(200);
    };
    const chats = async (query = '') =>
      (await inject('GET', `/v1/telegram/chats${query}`)).json<Page<TelegramChat>>().items;
    const chatOf = async (telegramId: number) =>
      (await chats()).find((c) => c.telegramChatId === String(telegramId));
    /** A group with `admin` as its creator, connected with a new link. */
    const connectedGroup = async (title: string, orgId = th.seed.ministryId) => {
      const admin = person();
      const group = newChat('supergroup', title);
      api.addBotTo(group, { status: 'member' }, [admin.id]);
      const link = await chatLink(orgId);
      await deliver(groupMessage(group, admin, `/start@${USERNAME} ${link.token}`));
      const chat = await chatOf(group.id);
      expect(chat?.status).toBe('active');
      return { group, chat: chat as TelegramChat, admin };
    };
    /** The posts a chat got (the bot's answers there left out). */
    const postedTo = (chatId: number) =>
      api.textsTo(chatId).filter((t) => t.includes(KK_BODY) || t === 'Памятка');
    const worker = (extra: Partial<PostWorkerDeps> = {}): PostWorkerDeps => ({
      db: share(th.hub.db),
      now: () => clock,
      adapterFor: async () => th.hub.channels.adapterFor('telegram', []),
      send: pacedSender({
        db: th.hub.db as never,
        spacing: new SendSpacing(),
        sendTimeoutMs: 10_000,
      }),
      files: { forVersion: async () => [] },
      ...extra,
    });
    const post = async (chatIds: string[], orgId = th.seed.ministryId) =>
      inject('POST', '/v1/telegram/posts', {
        orgId,
        chatIds,
        content: { title: { kk: KK_TITLE }, body: { kk: KK_BODY, ru: 'Памятка' } },
      });

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
        },
      });
      webhook = `${await th.hub.app.listen({ port: 0, host: '127.0.0.1' })}/v1/telegram/webhook`;
    });

    afterAll(async () => {
      await api?.close();
      await th?.close();
    });

    it.runIf(run)(
      'connects a group from its administrator’s startgroup link, and answers in the chat’s language',
      async () => {
        const link = await chatLink(th.seed.ministryId, 'kk');
        expect(link.groupUrl).toBe(`https://t.me/${USERNAME}?startgroup=${link.token}`);
        expect(link.command).toBe(`/connect@${USERNAME} ${link.token}`);
        expect(Date.parse(link.expiresAt)).toBe(clock + 86_400_000);

        const admin = person('ru');
        const member = person('ru');
        const group = newChat('supergroup', 'Балаларды бірге қорғайық');
        api.addBotTo(group, { status: 'member' }, [admin.id]);
        // A member who is not an administrator may not connect it.
        await deliver(groupMessage(group, member, `/start@${USERNAME} ${link.token}`));
        expect(api.textsTo(group.id).at(-1)).toBe(CHAT_WORDS.ru.notAdmin);
        expect(await chatOf(group.id)).toBeUndefined();

        await deliver(groupMessage(group, admin, `/start@${USERNAME} ${link.token}`));
        const ministry = await inject('GET', `/v1/organisations/${th.seed.ministryId}`);
        expect(api.textsTo(group.id).at(-1)).toBe(
          CHAT_WORDS.kk.connected(ministry.json<{ name: string }>().name),
        );
        expect(await chatOf(group.id)).toMatchObject({
          orgId: th.seed.ministryId,
          type: 'supergroup',
          title: 'Балаларды бірге қорғайық',
          language: 'kk',
          status: 'active',
        });

        // The link is spent: another group gets `used`, a tampered token `invalid`.
        const other = newChat('group', 'Other');
        api.addBotTo(other, { status: 'member' }, [admin.id]);
        await deliver(groupMessage(other, admin, `/connect@${USERNAME} ${link.token}`));
        expect(api.textsTo(other.id).at(-1)).toBe(CHAT_WORDS.ru.used);
        const tampered = `${link.token.slice(0, -1)}${link.token.endsWith('A') ? 'B' : 'A'}`;
        await deliver(groupMessage(other, admin, `/connect@${USERNAME} ${tampered}`));
        expect(api.textsTo(other.id).at(-1)).toBe(CHAT_WORDS.ru.invalid);
        // Someone else's link does not take a chat another organisation connected.
        const schoolLink = await chatLink(th.seed.schoolIds[0]);
        await deliver(groupMessage(group, admin, `/connect@${USERNAME} ${schoolLink.token}`));
        expect(api.textsTo(group.id).at(-1)).toBe(CHAT_WORDS.ru.taken);
        expect((await chatOf(group.id))?.orgId).toBe(th.seed.ministryId);
        expect(await chatOf(other.id)).toBeUndefined();

        // An expired link connects nothing.
        const late = await chatLink(th.seed.ministryId);
        clock += 86_400_000 + 1;
        await deliver(groupMessage(other, admin, `/connect@${USERNAME} ${late.token}`));
        expect(api.textsTo(other.id).at(-1)).toBe(CHAT_WORDS.ru.expired);
        expect(await chatOf(other.id)).toBeUndefined();
      },
    );

    it.runIf(run)(
      'connects a channel from a post of the command, and deletes that post',
      async () => {
        const channel = { ...newChat('channel', 'Bala qorgau'), username: 'bala_qorgau' };
        api.addBotTo(channel, { status: 'administrator', canPost: true });
        const link = await chatLink(th.seed.ministryId, 'ru');
        await deliver(channelPost(channel, link.command));
        expect(await chatOf(channel.id)).toMatchObject({
          type: 'channel',
          username: 'bala_qorgau',
          language: 'ru',
          status: 'active',
        });
        expect(api.callsOf('deleteMessage').at(-1)?.params.chat_id).toBe(channel.id);
        // Nothing was said in the channel: its subscribers would all read it.
        expect(api.textsTo(channel.id)).toEqual([]);

        // Its administrators take the bot's right to post: the chat says so.
        await deliver(myChatMember(channel, person(), { status: 'administrator', canPost: false }));
        expect((await chatOf(channel.id))?.status).toBe('no_rights');
      },
    );

    it.runIf(run)(
      'answers Telegram when the bot’s own answer fails, keeping what the update did',
      async () => {
        const admin = person();
        const group = newChat('group', 'Answer fails');
        api.addBotTo(group, { status: 'member' }, [admin.id]);
        const link = await chatLink(th.seed.ministryId);
        api.failNext({ kind: 'kicked', method: 'sendMessage' });
        // Not a 500: Telegram would post the same update again and again.
        await deliver(groupMessage(group, admin, `/start@${USERNAME} ${link.token}`));
        expect((await chatOf(group.id))?.status).toBe('active');
        expect(api.callsOf('sendMessage').at(-1)?.status).toBe(403);
      },
    );

    it.runIf(run)('posts in each chat once, in its language, and records the outcome', async () => {
      const { group, chat: groupChat } = await connectedGroup('Педагогтар чаты');
      const channel = newChat('channel', 'Комитет');
      api.addBotTo(channel, { status: 'administrator' });
      await deliver(channelPost(channel, (await chatLink(th.seed.ministryId, 'ru')).command));
      const channelChat = (await chatOf(channel.id)) as TelegramChat;

      const res = await post([groupChat.id, channelChat.id]);
      expect(res.statusCode, res.body).toBe(201);
      const created = res.json<TelegramPost>();
      expect(created.status).toBe('scheduled');
      expect(created.targets.map((t) => t.status)).toEqual(['queued', 'queued']);

      expect(await runPost(worker(), created.id)).toBeNull();
      expect(postedTo(group.id)).toEqual([`${KK_TITLE}\n\n${KK_BODY}`]);
      expect(postedTo(channel.id)).toEqual(['Памятка']);
      const done = (await inject('GET', `/v1/telegram/posts/${created.id}`)).json<TelegramPost>();
      expect(done.status).toBe('completed');
      expect(
        Object.fromEntries(done.targets.map((t) => [t.title, [t.status, t.language, t.attempts]])),
      ).toEqual({ 'Педагогтар чаты': ['posted', 'kk', 1], Комитет: ['posted', 'ru', 1] });
      // Run again (a job delivered twice): nothing is posted twice.
      expect(await runPost(worker(), created.id)).toBeNull();
      expect(postedTo(group.id)).toHaveLength(1);
      expect(
        (await inject('GET', `/v1/telegram/posts?orgId=${th.seed.ministryId}`))
          .json<Page<TelegramPost>>()
          .items.map((p) => p.id),
      ).toContain(created.id);
    });

    it.runIf(run)('carries the content’s files as documents after the text', async () => {
      const { group, chat } = await connectedGroup('Files');
      const created = (await post([chat.id])).json<TelegramPost>();
      const memo = {
        filename: 'Жадынама.pdf',
        contentType: 'application/pdf' as const,
        sizeBytes: 4,
        url: 'https://hub.example.kz/a/AQGTn1h2c3RhbmQtaW4tdG9rZW4tZXhhbXBsZTA',
        load: async () => Buffer.from('%PDF'),
      };
      const withFiles = worker({ files: { forVersion: async () => [memo] } });
      expect(await runPost(withFiles, created.id)).toBeNull();
      expect(postedTo(group.id)).toHaveLength(1);
      expect(api.documentsTo(group.id).map((d) => [d.source, d.value, d.caption])).toEqual([
        ['url', memo.url, 'Жадынама.pdf'],
      ]);
    });

    it.runIf(run)(
      'refuses a whole post naming a chat the bot was removed from, writing nothing',
      async () => {
        const { group, chat, admin } = await connectedGroup('Ата-аналар');
        const { chat: kept } = await connectedGroup('Мұғалімдер');
        api.setBotMembership(group.id, { status: 'kicked' });
        await deliver(myChatMember(group, admin, { status: 'kicked' }));
        expect((await chatOf(group.id))?.status).toBe('removed');
        const before = await sql<{
          n: string;
        }>`select count(*)::text as n from telegram_posts`.execute(th.hub.db);
        expectProblem(await post([kept.id, chat.id]), 409, 'telegram_chat_unavailable');
        expectProblem(
          await post([kept.id, '01900000-0000-7000-8000-000000000000']),
          404,
          'not_found',
        );
        // A school may not post in the ministry's chats.
        expectProblem(await post([kept.id], th.seed.schoolIds[0]), 404, 'not_found');
        const after = await sql<{
          n: string;
        }>`select count(*)::text as n from telegram_posts`.execute(th.hub.db);
        expect(after.rows).toEqual(before.rows);
      },
    );

    it.runIf(run)('marks a chat removed when Telegram refuses a post there', async () => {
      const { group, chat } = await connectedGroup('Removed meanwhile');
      const created = (await post([chat.id])).json<TelegramPost>();
      // Removed between the post's creation and its sending, and Telegram's update lost.
      api.setBotMembership(group.id, { status: 'kicked' });
      expect(await runPost(worker(), created.id)).toBeNull();
      const done = (await inject('GET', `/v1/telegram/posts/${created.id}`)).json<TelegramPost>();
      expect(done.targets[0]).toMatchObject({
        status: 'failed',
        error: { code: 'telegram_chat_unavailable' },
      });
      expect((await chatOf(group.id))?.status).toBe('removed');
    });

    it.runIf(run)('waits out Telegram’s flood control without spending an attempt', async () => {
      const { group, chat } = await connectedGroup('Flood');
      const created = (await post([chat.id])).json<TelegramPost>();
      api.failNext({ kind: 'rate_limited', retryAfter: 7, method: 'sendMessage' });
      // Straight to the adapter: the shared pacing's per-chat interval runs on the database's
      // clock, which this test does not move.
      const unpaced = worker({
        send: async (adapter, message, attempt) => ({
          kind: 'sent',
          result: await adapter.send(message, { signal: new AbortController().signal, attempt }),
        }),
      });
      expect(await runPost(unpaced, created.id)).toBe(7000);
      expect(postedTo(group.id)).toEqual([]);
      // Not due yet on the hub's clock: nothing is sent.
      expect(await runPost(unpaced, created.id)).toBe(7000);
      clock += 7000;
      expect(await runPost(unpaced, created.id)).toBeNull();
      expect(postedTo(group.id)).toHaveLength(1);
      const done = (await inject('GET', `/v1/telegram/posts/${created.id}`)).json<TelegramPost>();
      expect(done.targets[0]).toMatchObject({ status: 'posted', attempts: 1 });
    });

    it.runIf(run)('two workers on one post take different chats and post each once', async () => {
      const a = await connectedGroup('Race A');
      const b = await connectedGroup('Race B');
      const created = (await post([a.chat.id, b.chat.id])).json<TelegramPost>();
      // Both workers hold a claimed chat at the same moment before either sends.
      const { hook, seen } = meetingPoint<string>(2);
      const both = worker({ interleave: hook });
      await Promise.all([runPost(both, created.id), runPost(both, created.id)]);
      expect(seen).toEqual(['claimed', 'claimed']);
      expect(postedTo(a.group.id)).toHaveLength(1);
      expect(postedTo(b.group.id)).toHaveLength(1);
      const done = (await inject('GET', `/v1/telegram/posts/${created.id}`)).json<TelegramPost>();
      expect(done.status).toBe('completed');
    });

    it.runIf(run)(
      'cancels what is not posted yet, and follows a group that became a supergroup',
      async () => {
        const { group, chat } = await connectedGroup('Migrating');
        const created = (await post([chat.id])).json<TelegramPost>();
        const cancelled = await inject('POST', `/v1/telegram/posts/${created.id}/cancel`);
        expect(cancelled.json<TelegramPost>().targets[0]?.status).toBe('cancelled');
        expect(await runPost(worker(), created.id)).toBeNull();
        expect(postedTo(group.id)).toEqual([]);
        expectProblem(
          await inject('POST', `/v1/telegram/posts/${created.id}/cancel`),
          409,
          'telegram_post_not_cancellable',
        );

        const to = nextChat--;
        await deliver(groupMigrated(group, to));
        expect(
          (await inject('GET', `/v1/telegram/chats/${chat.id}`)).json<TelegramChat>(),
        ).toMatchObject({
          telegramChatId: String(to),
          type: 'supergroup',
        });
        // Disconnecting makes the bot leave.
        const removed = await inject('DELETE', `/v1/telegram/chats/${chat.id}`);
        expect(removed.json<TelegramChat>().status).toBe('removed');
        expect(api.callsOf('leaveChat').at(-1)?.params.chat_id).toBe(to);
      },
    );
  },
);
