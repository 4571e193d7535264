import type { FastifyPluginAsync } from 'fastify';
import type { Composer, Context } from 'grammy';
import type { HubConfig } from '../../config.js';
import { lazySecret } from '../../platform/database/secrets.js';
import type { HubModule } from '../../platform/module.js';
import type {
  ForgetReporter,
  NotifyReporter,
  ReportStatusOf,
  SubmitCaseReport,
} from '../cases/index.js';
import type { ChannelRegistry } from '../channels/index.js';
import type { AttachmentFiles } from '../content/index.js';
import type { HubPlatform } from '../database.js';
import type { PacedSender } from '../delivery/index.js';
import { chatsHandler } from './chats/chats.handler.js';
import { telegramChatRoutes } from './chats/chats.routes.js';
import { intakeConversation } from './intake/intake.conversation.js';
import { chatKeyer, organisationsWithCode } from './intake/intake.store.js';
import { linksHandler } from './links/links.handler.js';
import { telegramLinkRoutes } from './links/links.routes.js';
import { startPostJobs } from './posts/posts.jobs.js';
import { TELEGRAM_QUEUES } from './posts/posts.queues.js';
import { telegramPostRoutes } from './posts/posts.routes.js';
import { createBot } from './telegram.bot.js';
import { telegramNotifier } from './telegram.notify.js';
import { telegramWebhookRoutes } from './telegram.routes.js';
import { own } from './telegram.tables.js';

/** The `hub_secrets` row holding the deep links' signing key. */
const LINK_SECRET_NAME = 'telegram-links';
/** The `hub_secrets` row holding the chat connection links' signing key. */
const CHAT_LINK_SECRET_NAME = 'telegram-chat-links';
/** A link's days when no bot is configured: no link is made then, the value is never used. */
const UNCONFIGURED_TTL_DAYS = 30;

/** The telegram module, with the door the cases module's transitions call. */
export interface TelegramModule extends HubModule {
  /** Sends a reporter who asked to hear back their report's new status. */
  readonly notifyReporter: NotifyReporter;
}

/** What the bot uses of the platform: its database, its clock, and where failures are logged. */
export type TelegramPlatform = Pick<
  HubPlatform,
  'db' | 'boss' | 'now' | 'warn' | 'debug' | 'onError' | 'orgPathOf'
>;

/** The doors of other modules the bot and the posts use. */
export interface TelegramDoors {
  /** The cases module's intake the bot submits through. */
  submit: SubmitCaseReport;
  statusOf: ReportStatusOf;
  forget: ForgetReporter;
  /** The adapters: posts go through the Telegram one. */
  channels: ChannelRegistry;
  /** Sends a post within the channel's shared pacing (delivery module). */
  send: PacedSender;
  /** A recommendation's files, which posts carry as documents (content module). */
  files: Pick<AttachmentFiles, 'forVersion'>;
}

/**
 * The Telegram bot: issue 14's intake of harmful-content reports, when an intake organisation
 * is configured, and issue 17's delivery channel — deep links that bind a contact's chat and
 * record their consent, `/stop` that withdraws it — and its groups and channels: chats an
 * administrator connects for an organisation, and posts to them (`telegram-post` queue). The
 * routes are always there (409 `telegram_not_configured` for links without a bot username);
 * with no bot configured `POST /v1/telegram/webhook` answers 404, no chat can be connected and
 * `notifyReporter` sends nothing.
 */
export function createTelegramModule(
  platform: TelegramPlatform,
  config: Pick<HubConfig, 'telegram'>,
  doors: TelegramDoors,
): TelegramModule {
  const telegram = config.telegram;
  const botUsername = telegram?.botUsername ?? null;
  const links = {
    db: platform.db,
    now: platform.now,
    secret: lazySecret(own(platform.db), LINK_SECRET_NAME),
    botUsername,
    linkTtlDays: telegram?.linkTtlDays ?? UNCONFIGURED_TTL_DAYS,
  };
  const chats = {
    db: platform.db,
    now: platform.now,
    secret: lazySecret(own(platform.db), CHAT_LINK_SECRET_NAME),
    botUsername,
  };
  const posts = { db: platform.db, boss: platform.boss, now: platform.now };
  const chatKey = chatKeyer(platform.db);
  const bot =
    telegram === null
      ? null
      : createBot(
          telegram,
          [
            chatsHandler(chats),
            linksHandler({ ...links, chatKey, intake: telegram.intakeOrgCode !== null }),
            ...intake(platform, telegram.intakeOrgCode, chatKey, doors),
          ],
          platform.warn,
        );
  const common: FastifyPluginAsync = async (app) => {
    await app.register(telegramLinkRoutes, links);
    await app.register(telegramChatRoutes, {
      ...chats,
      leave: async (chatId) => {
        // Best effort: the chat is disconnected whether or not Telegram still has the bot in it.
        await bot?.api.leaveChat(chatId).catch((error: unknown) => {
          platform.warn(error, 'The bot could not leave a disconnected Telegram chat');
        });
      },
    });
    await app.register(telegramPostRoutes, posts);
  };
  return {
    name: 'telegram',
    routes: async (app) => {
      await app.register(common);
      if (bot !== null && telegram !== null) {
        await app.register(telegramWebhookRoutes, { bot, secret: telegram.webhookSecret });
      }
    },
    queues: TELEGRAM_QUEUES,
    async start(roles) {
      if (!roles.has('worker')) return;
      await startPostJobs({
        boss: platform.boss,
        onError: platform.onError,
        worker: {
          db: platform.db,
          now: platform.now,
          send: doors.send,
          files: doors.files,
          adapterFor: async (orgId) =>
            doors.channels.adapterFor('telegram', await platform.orgPathOf(orgId)),
        },
      });
    },
    notifyReporter:
      bot === null
        ? async () => {
            platform.warn(
              new Error('no bot'),
              'A reporter’s status was not sent: no Telegram bot is configured',
            );
          }
        : telegramNotifier(bot.api, platform.debug),
  };
}

/** The intake conversation, when the bot has an intake organisation. */
function intake(
  platform: TelegramPlatform,
  intakeOrgCode: string | null,
  chatKey: (chatId: number) => Promise<string>,
  doors: TelegramDoors,
): Composer<Context>[] {
  if (intakeOrgCode === null) return [];
  return [
    intakeConversation({
      db: platform.db,
      now: platform.now,
      chatKey,
      submit: doors.submit,
      statusOf: doors.statusOf,
      forget: doors.forget,
      intakeOrgId: intakeOrgResolver(platform, intakeOrgCode),
      warn: platform.warn,
    }),
  ];
}

/**
 * The intake organisation's id from its code, read once it resolves: a code that names no
 * organisation, or several (codes are unique within one root's tree only), is a setup
 * mistake, and each submission fails until it is fixed.
 */
function intakeOrgResolver(platform: TelegramPlatform, code: string): () => Promise<string> {
  let id: string | undefined;
  return async () => {
    if (id !== undefined) return id;
    const ids = await organisationsWithCode(platform.db, code);
    if (ids.length !== 1) {
      throw new Error(
        `SAFENET_TELEGRAM_INTAKE_ORG "${code}" names ${ids.length} organisations: give the code of exactly one`,
      );
    }
    id = ids[0] as string;
    return id;
  };
}
