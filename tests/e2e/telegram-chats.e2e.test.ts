/**
 * Telegram groups and channels end to end (issue 17), through the SDK and the hub's own
 * workers: the child-rights committee connects its chat of teachers and officials (a group,
 * "Балаларды бірге қорғайық") and its channel, then posts to both while a broadcast goes to
 * twelve teachers' private chats on the same bot. The stand-in enforces Telegram's rates
 * (here 5 messages a second, one a second per chat) as the hub is configured: the post and the
 * broadcast share one budget, so nothing is refused, and each chat gets the post once. A chat
 * the bot was removed from refuses the next post whole.
 */
import type { BroadcastProgress, Contact, TelegramChat, TelegramPost } from '@safenet/core';
import {
  channelPost,
  eventually,
  type GroupChat,
  groupMessage,
  myChatMember,
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApi,
} from '@safenet/hub/testing';
import { SafenetApiError, SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/hub-process.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const TOKEN = '7000000001:AAH-e2e-token-of-the-committee-bot-89';
const SECRET = 'e2e-telegram-chats-secret-0123456789ab';
const USERNAME = STAND_IN_BOT_INFO.username;
const PER_SECOND = 5;
/** From the committee's announcement of its chat (seeds/001). */
const POST = {
  kk: 'Бүгінде әлеуметтік желілер барлық адамдар үшін ашық және жасөспірімдер әлеуметтік желілерде қорқыту, буллинг көрсету сияқты келеңсіз жайттарға жиі тап болуы мүмкін.',
};
const BROADCAST = {
  kk: 'Құрметті мұғалімдер! Балалардың интернеттегі қауіпсіздігі туралы ата-аналармен жиналыс өткізіңіздер.',
};
const TEACHERS = 12;

describe('posts to the committee’s Telegram group and channel, beside a broadcast', () => {
  let api: TelegramBotApi;
  let th: TestHub;
  let client: SafenetClient;
  let webhook: string;
  const admin = { id: 660_000_001, firstName: 'Admin', languageCode: 'kk' };
  const group: GroupChat = {
    id: -1_001_700_000_001,
    type: 'supergroup',
    title: 'Балаларды бірге қорғайық',
  };
  const channel: GroupChat = {
    id: -1_001_700_000_002,
    type: 'channel',
    title: 'Балалардың құқықтарын қорғау комитеті',
    username: 'bala_kuky',
  };
  let chats: TelegramChat[];
  let post: TelegramPost;
  /** Messages Telegram refused before the broadcast and the post began. */
  let throttledBefore: number;

  const deliver = async (update: object) => {
    const res = await api.postUpdate(webhook, SECRET, update);
    expect(res.status, res.body).toBe(200);
  };
  const texts = (chatId: number, text: string) =>
    api.textsTo(chatId).filter((t) => t.includes(text));

  beforeAll(async () => {
    api = await startTelegramBotApi(TOKEN, {
      limits: { perSecond: PER_SECOND, perChatPerSecond: 1 },
    });
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    webhook = `${baseUrl}/v1/telegram/webhook`;
    th = await startTestHub({
      env: {
        SAFENET_PUBLIC_URL: baseUrl,
        SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
        SAFENET_TELEGRAM_WEBHOOK_SECRET: SECRET,
        SAFENET_TELEGRAM_API_ROOT: api.apiRoot,
        SAFENET_TELEGRAM_BOT_USERNAME: USERNAME,
        SAFENET_TELEGRAM_PER_SECOND: String(PER_SECOND),
      },
    });
    await th.hub.app.listen({ port, host: '127.0.0.1' });
    client = new SafenetClient({ baseUrl, apiKey: th.adminKey });

    // The committee connects its group (startgroup link) and its channel (/connect post).
    api.addBotTo(group, { status: 'member' }, [admin.id]);
    api.addBotTo(channel, { status: 'administrator', canPost: true });
    const forGroup = await client.telegram.chats.link({
      orgId: th.seed.ministryId,
      language: 'kk',
    });
    await deliver(groupMessage(group, admin, `/start@${USERNAME} ${forGroup.token}`));
    const forChannel = await client.telegram.chats.link({
      orgId: th.seed.ministryId,
      language: 'kk',
    });
    await deliver(channelPost(channel, forChannel.command));
    chats = (await client.telegram.chats.list({ status: 'active' })).items;

    // Twelve teachers open the bot; then a broadcast to them and the post go out together.
    const teachers: Contact[] = [];
    for (let n = 1; n <= TEACHERS; n++) {
      const teacher = await client.contacts.create({
        orgId: th.seed.schoolIds[0],
        role: 'teacher',
        language: 'kk',
        addresses: { email: `teacher-${n}@committee.example.kz` },
      });
      teachers.push(teacher);
      const link = await client.contacts.telegramLink(teacher.id);
      const res = await api.update(
        webhook,
        SECRET,
        { id: 550_000_000 + n, firstName: `Teacher ${n}`, languageCode: 'kk' },
        { text: `/start ${link.token}` },
      );
      expect(res.status, res.body).toBe(200);
    }
    // The bot's answers to those links are not paced (they wait out a 429 instead): let them
    // leave the stand-in's one-second window before the paced sends begin.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    throttledBefore = api.throttled;
    const segment = await client.segments.create({
      orgId: th.seed.schoolIds[0],
      name: 'Teachers on Telegram',
      query: { roles: ['teacher'], underOrgIds: [th.seed.schoolIds[0]] },
    });
    const broadcast = await client.broadcasts.create({
      orgId: th.seed.schoolIds[0],
      segmentId: segment.id,
      channels: ['telegram'],
      content: { body: BROADCAST },
    });
    post = await client.telegram.posts.create({
      orgId: th.seed.ministryId,
      chatIds: chats.map((c) => c.id),
      content: { title: { kk: '«Балаларды бірге қорғайық»' }, body: POST },
    });
    post = await eventually(
      () => client.telegram.posts.get(post.id),
      (p) => p.status === 'completed',
      'the post completed',
    );
    await eventually(
      () => client.broadcasts.progress(broadcast.id),
      (p: BroadcastProgress) => p.status === 'completed',
      'the broadcast completed',
    );
  });

  afterAll(async () => {
    await th?.close();
    await api?.close();
  });

  it('connects the group and the channel as the ministry’s active chats', () => {
    expect(chats.map((c) => [c.title, c.type, c.status]).sort()).toEqual(
      [
        ['Балалардың құқықтарын қорғау комитеті', 'channel', 'active'],
        ['Балаларды бірге қорғайық', 'supergroup', 'active'],
      ].sort(),
    );
  });

  it('posts once in each chat, in Kazakh, and records it', () => {
    expect(texts(group.id, POST.kk)).toHaveLength(1);
    expect(texts(channel.id, POST.kk)).toHaveLength(1);
    expect(post.targets.map((t) => [t.status, t.language, t.error])).toEqual([
      ['posted', 'kk', null],
      ['posted', 'kk', null],
    ]);
  });

  it('shares the bot’s pace with the broadcast: Telegram refused nothing', () => {
    for (let n = 1; n <= TEACHERS; n++)
      expect(texts(550_000_000 + n, BROADCAST.kk)).toHaveLength(1);
    expect(api.throttled).toBe(throttledBefore);
  });

  it('refuses a post to a chat the bot was removed from, posting nowhere', async () => {
    api.setBotMembership(group.id, { status: 'kicked' });
    await deliver(myChatMember(group, admin, { status: 'kicked' }));
    const before = api.callsOf('sendMessage').length;
    const refused = await client.telegram.posts
      .create({
        orgId: th.seed.ministryId,
        chatIds: chats.map((c) => c.id),
        content: { body: POST },
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SafenetApiError);
    expect((refused as SafenetApiError).code).toBe('telegram_chat_unavailable');
    expect(api.callsOf('sendMessage').length).toBe(before);
    expect((await client.telegram.posts.list()).items.map((p) => p.id)).toEqual([post.id]);
  });
});
