/**
 * Telegram groups and channels in the console, in a real browser (issue 17): a sender of the
 * Almaty department opens the Telegram page, makes a connection link in Kazakh, and the
 * committee's group is connected with it — `/start@<bot> <token>`, the message Telegram
 * sends when an administrator opens the page's group link, posted to the hub's webhook
 * through the Bot API stand-in. The page, polling, lists the group active; the sender posts
 * Kazakh text of their own, and the hub's worker posts it (the test hub runs its workers):
 * the page shows `Posted` in Kazakh. Then the chat's language changes, text that would not
 * reach it is named before sending, the bot is removed behind the page's back and the post
 * is refused whole (409 `telegram_chat_unavailable`, said as the console says errors), and a
 * channel connected with its command is disconnected after confirming. axe-core checks the
 * page at each step.
 */
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import {
  channelPost,
  type GroupChat,
  groupMessage,
  myChatMember,
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApi,
  type TelegramUser,
} from '@safenet/hub/testing';
import type { Page as PageOf, TelegramChat, TelegramChatLink, TelegramPost } from '@safenet/sdk';
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserVariant,
  launchBrowser,
  shouldTestBrowser,
  type TestBrowser,
} from '../support/browser.js';
import {
  adminRequest,
  noA11yViolations,
  signInConsole,
  switchToEnglish,
} from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();
const TOKEN = '7000000001:AAH-console-token-of-the-chats-bot-4567';
const SECRET = 'console-telegram-chats-secret-0123456789';
const USERNAME = STAND_IN_BOT_INFO.username;
/** From the committee's announcement of its chat (seeds/001): Kazakh, as the chat reads. */
const KK_TITLE = '«Балаларды бірге қорғайық»';
const KK_BODY =
  'Бүгінде әлеуметтік желілер барлық адамдар үшін ашық және жасөспірімдер әлеуметтік желілерде қорқыту, буллинг көрсету сияқты келеңсіз жайттарға жиі тап болуы мүмкін.';
const GROUP: GroupChat = {
  id: -1_001_700_000_001,
  type: 'supergroup',
  title: 'Балаларды бірге қорғайық',
};
const CHANNEL: GroupChat = {
  id: -1_001_700_000_002,
  type: 'channel',
  title: 'Bala qorgau',
  username: 'bala_qorgau',
};
const ADMIN: TelegramUser = { id: 990_100_001, firstName: 'Specialist', languageCode: 'kk' };

/**
 * axe-core finds no violation at all on the page, of whatever impact — stricter than the
 * shared check (serious and critical): the page is new, so nothing is let pass.
 */
async function noViolationsAtAll(page: BrowserPage, where: string): Promise<void> {
  await noA11yViolations(page, where);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.flatMap((v) =>
      v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(' ')}`),
    ),
    where,
  ).toEqual([]);
}

describe.runIf(available)(browserVariant(available, 'Telegram groups and channels'), () => {
  let api: TelegramBotApi;
  let th: TestHub;
  let browser: TestBrowser;
  let origin: string;
  let webhook: string;

  const deliver = async (update: object) => {
    const res = await api.postUpdate(webhook, SECRET, update);
    expect(res.status, res.body).toBe(200);
  };
  const chatsAtHub = async (orgId: string) =>
    (await adminRequest<PageOf<TelegramChat>>(th, 'GET', `/v1/telegram/chats?orgId=${orgId}`))
      .items;

  beforeAll(async () => {
    api = await startTelegramBotApi(TOKEN);
    th = await startTestHub({
      env: {
        SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
        SAFENET_TELEGRAM_WEBHOOK_SECRET: SECRET,
        SAFENET_TELEGRAM_API_ROOT: api.apiRoot,
        SAFENET_TELEGRAM_BOT_USERNAME: USERNAME,
      },
    });
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
    webhook = `${origin}/v1/telegram/webhook`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await th?.close();
    await api?.close();
  });

  it('connects a group with the page’s link, posts Kazakh text to it and shows it posted', async () => {
    const sender = th.seed.users.find((u) => u.role === 'sender');
    if (!sender) throw new Error('the demo seed has no sender');
    const { context, page, errors } = await signInConsole(
      browser,
      origin,
      { email: sender.email, password: th.seed.demoPassword },
      { acceptDialogs: true },
    );
    await switchToEnglish(page);
    await page.getByRole('link', { name: 'Telegram chats' }).click();
    await page.waitForURL(`${origin}/telegram`);
    await page.getByTestId('telegram-chats-empty').waitFor();
    expect(await page.getByTestId('telegram-post-no-chats').textContent()).toBe(
      'No active chat to post to: connect one first.',
    );

    // A connection link for posts in Kazakh.
    await page.getByTestId('telegram-connect-language').click();
    await page.getByRole('option', { name: 'Kazakh' }).click();
    await page.getByTestId('telegram-connect-make').click();
    const made = page.getByTestId('telegram-chat-link');
    await made.waitFor();
    const groupUrl = (await made.getByTestId('telegram-group-url').getAttribute('href')) ?? '';
    const token = new URL(groupUrl).searchParams.get('startgroup') ?? '';
    expect(groupUrl).toBe(`https://t.me/${USERNAME}?startgroup=${token}`);
    expect(await made.getByTestId('telegram-channel-url').getAttribute('href')).toMatch(
      new RegExp(`^https://t\\.me/${USERNAME}\\?startchannel`),
    );
    expect(await made.locator('code').textContent()).toBe(`/connect@${USERNAME} ${token}`);
    const expiry = (await made.getByTestId('telegram-chat-link-expiry').textContent()) ?? '';
    expect(expiry).toContain('A link for one chat, valid until');
    expect(expiry).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(await made.textContent()).toContain('A group: open this link in Telegram');
    expect(await made.textContent()).toContain('A channel: add the bot as an administrator');
    await noViolationsAtAll(page, 'the Telegram page with a connection link made');

    // An administrator of the committee's group opens the link: Telegram adds the bot and
    // sends the start command in the group. The page, polling, lists the group.
    api.addBotTo(GROUP, { status: 'member' }, [ADMIN.id]);
    await deliver(groupMessage(GROUP, ADMIN, `/start@${USERNAME} ${token}`));
    const row = page.getByTestId('telegram-chat-row').filter({ hasText: GROUP.title });
    await expect.poll(() => row.getByTestId('telegram-chat-status').textContent()).toBe('Active');
    expect(await row.textContent()).toContain('Supergroup');
    expect(await row.getByTestId('telegram-chat-language').inputValue()).toBe('Kazakh');
    const [chat] = await chatsAtHub(sender.orgId);
    expect(chat).toMatchObject({ title: GROUP.title, language: 'kk', status: 'active' });

    // Own text in Kazakh, posted now.
    const form = page.getByRole('form', { name: 'Post to chats' });
    await form.getByRole('checkbox', { name: new RegExp(GROUP.title) }).check();
    await form.getByText('Own text').click();
    await form.getByTestId('telegram-post-language').click();
    await page.getByRole('option', { name: 'Kazakh' }).click();
    await form.getByTestId('telegram-post-text-title').fill(KK_TITLE);
    await form.getByTestId('telegram-post-body').fill(KK_BODY);
    await form.getByTestId('telegram-post-submit').click();

    const post = page.getByTestId('telegram-post').first();
    await expect
      .poll(() => post.getByTestId('telegram-post-target-status').textContent())
      .toBe('Posted');
    expect(await post.getByTestId('telegram-post-headline').textContent()).toBe(KK_TITLE);
    expect(await post.getByTestId('telegram-post-target-detail').textContent()).toMatch(
      /^In Kazakh, /,
    );
    await expect
      .poll(() => post.getByTestId('telegram-post-status').textContent())
      .toBe('Finished');
    expect(await post.getByTestId('telegram-post-cancel').count()).toBe(0);
    // Telegram got it once, in the group, as written.
    const texts = api.textsTo(GROUP.id).filter((text) => text.includes(KK_BODY));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain(KK_TITLE);
    const posts = await adminRequest<PageOf<TelegramPost>>(
      th,
      'GET',
      `/v1/telegram/posts?orgId=${sender.orgId}`,
    );
    expect(posts.items[0]?.targets[0]).toMatchObject({ status: 'posted', language: 'kk' });
    await noViolationsAtAll(page, 'the Telegram page with a post made');

    // Posts there from now on in Russian: Kazakh text would not reach it, and says so.
    await row.getByTestId('telegram-chat-language').click();
    await page.getByRole('option', { name: 'Russian' }).click();
    await expect.poll(async () => (await chatsAtHub(sender.orgId))[0]?.language).toBe('ru');
    await form.getByTestId('telegram-post-body').fill(KK_BODY);
    await expect
      .poll(() => form.getByTestId('telegram-post-uncovered').textContent())
      .toContain(`does not reach ${GROUP.title}`);
    expect(await form.getByTestId('telegram-post-submit').isDisabled()).toBe(true);
    await form.getByTestId('telegram-post-language').click();
    await page.getByRole('option', { name: 'Russian' }).click();
    await form.getByTestId('telegram-post-body').fill('Памятка для родителей');
    expect(await form.getByTestId('telegram-post-uncovered').count()).toBe(0);

    // The bot is removed from the group behind the page's back: the post is refused whole.
    api.setBotMembership(GROUP.id, { status: 'kicked' });
    await deliver(myChatMember(GROUP, ADMIN, { status: 'kicked' }));
    await form.getByTestId('telegram-post-submit').click();
    const error = form.getByRole('alert');
    await expect
      .poll(() => error.textContent())
      .toContain('The bot may no longer post in a chosen chat, so nothing was posted');
    // The chats are read again: the group shows removed, with what to do about it.
    await expect.poll(() => row.getByTestId('telegram-chat-status').textContent()).toBe('Removed');
    expect(await row.getByTestId('telegram-chat-status-hint').textContent()).toContain(
      'connect it with a new link',
    );
    await form.getByTestId('telegram-post-no-chats').waitFor();
    expect(await page.getByTestId('telegram-post').count()).toBe(1);
    await noViolationsAtAll(page, 'the Telegram page with a post refused');

    // A channel connected with its command, then disconnected here after confirming.
    const link = await adminRequest<TelegramChatLink>(th, 'POST', '/v1/telegram/chat-links', {
      orgId: sender.orgId,
      language: 'kk',
    });
    api.addBotTo(CHANNEL, { status: 'administrator', canPost: true });
    await deliver(channelPost(CHANNEL, link.command));
    await page.getByTestId('telegram-posts-refresh').click();
    const channelRow = page.getByTestId('telegram-chat-row').filter({ hasText: CHANNEL.title });
    await expect
      .poll(() => channelRow.getByTestId('telegram-chat-status').textContent())
      .toBe('Active');
    expect(await channelRow.textContent()).toContain('Channel · @bala_qorgau');
    await channelRow.getByRole('button', { name: `Disconnect ${CHANNEL.title}` }).click();
    await expect
      .poll(() => channelRow.getByTestId('telegram-chat-status').textContent())
      .toBe('Removed');
    expect((await chatsAtHub(sender.orgId)).find((c) => c.title === CHANNEL.title)?.status).toBe(
      'removed',
    );
    expect(api.callsOf('leaveChat').map((call) => call.params.chat_id)).toContain(CHANNEL.id);
    await noViolationsAtAll(page, 'the Telegram page with both chats removed');

    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
