/**
 * `safenet telegram connect|chats|post|post-status`: the built binary against a test hub whose
 * bot talks to the Bot API stand-in. The link it prints connects a real group (the stand-in
 * posts the administrator's `/start@bot <token>`), the post reaches the group through the hub's
 * workers, and a post to a chat the bot left is refused whole (exit 4).
 */
import {
  eventually,
  type GroupChat,
  groupMessage,
  myChatMember,
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApi,
} from '@safenet/hub/testing';
import type { TelegramChat, TelegramChatLink, TelegramPost } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliHub, cliEnv, runCli, startCliHub } from './cli-harness.js';

const TOKEN = '7000000001:AAH-cli-token-of-the-committee-bot-45';
const SECRET = 'cli-telegram-chats-secret-0123456789ab';
const USERNAME = STAND_IN_BOT_INFO.username;
const BODY = 'Жадынама: балаңызбен интернет туралы сөйлесіңіз. Сенім телефоны: 111.';

describe('safenet telegram', () => {
  let api: TelegramBotApi;
  let hub: CliHub;
  let env: NodeJS.ProcessEnv;
  const admin = { id: 661_000_001, firstName: 'Admin', languageCode: 'kk' };
  const group: GroupChat = { id: -1_001_800_000_001, type: 'supergroup', title: 'Комитет' };
  let chat: TelegramChat;

  beforeAll(async () => {
    api = await startTelegramBotApi(TOKEN);
    hub = await startCliHub({
      env: {
        SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
        SAFENET_TELEGRAM_WEBHOOK_SECRET: SECRET,
        SAFENET_TELEGRAM_API_ROOT: api.apiRoot,
        SAFENET_TELEGRAM_BOT_USERNAME: USERNAME,
      },
    });
    env = cliEnv(hub.home.path, hub.adminEnv);
  });

  afterAll(async () => {
    await hub?.[Symbol.asyncDispose]();
    await api?.close();
  });

  it('connect prints a link that connects the group; chats lists it active', async () => {
    const run = await runCli(
      ['telegram', 'connect', '--org', hub.th.seed.ministryId, '--language', 'kk', '-o', 'json'],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    const link = JSON.parse(run.stdout) as TelegramChatLink;
    expect(link.groupUrl).toBe(`https://t.me/${USERNAME}?startgroup=${link.token}`);

    api.addBotTo(group, { status: 'member' }, [admin.id]);
    const res = await api.postUpdate(
      `${hub.url}/v1/telegram/webhook`,
      SECRET,
      groupMessage(group, admin, `/start@${USERNAME} ${link.token}`),
    );
    expect(res.status, res.body).toBe(200);

    const listed = await runCli(['telegram', 'chats', '--status', 'active', '-o', 'json'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    const chats = JSON.parse(listed.stdout) as TelegramChat[];
    expect(chats.map((c) => [c.title, c.language, c.status])).toEqual([
      ['Комитет', 'kk', 'active'],
    ]);
    chat = chats[0] as TelegramChat;
  });

  it('post sends the text to the group once; post-status shows it posted', async () => {
    const run = await runCli(
      [
        'telegram',
        'post',
        '--org',
        hub.th.seed.ministryId,
        '--chat',
        chat.id,
        '--body',
        `kk=${BODY}`,
        '-o',
        'json',
      ],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    const post = JSON.parse(run.stdout) as TelegramPost;
    await eventually(
      () => hub.client.telegram.posts.get(post.id),
      (p) => p.status === 'completed',
      'the post completed',
    );
    expect(api.textsTo(group.id).filter((t) => t === BODY)).toHaveLength(1);
    const status = await runCli(['telegram', 'post-status', post.id, '-o', 'table'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/│ Комитет\s+│ posted\s+│ kk\s+│/);
  });

  it('a post to a chat the bot was removed from is refused (4) and posts nothing', async () => {
    api.setBotMembership(group.id, { status: 'kicked' });
    await api.postUpdate(
      `${hub.url}/v1/telegram/webhook`,
      SECRET,
      myChatMember(group, admin, { status: 'kicked' }),
    );
    const before = api.callsOf('sendMessage').length;
    const run = await runCli(
      [
        'telegram',
        'post',
        '--org',
        hub.th.seed.ministryId,
        '--chat',
        chat.id,
        '--body',
        `kk=${BODY}`,
      ],
      { env },
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^error: telegram_chat_unavailable: /m);
    expect(api.callsOf('sendMessage').length).toBe(before);
  });

  it('post needs content: a usage error (2) before anything is sent', async () => {
    const run = await runCli(
      ['telegram', 'post', '--org', hub.th.seed.ministryId, '--chat', chat.id],
      { env },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--recommendation or --body/);
  });
});
