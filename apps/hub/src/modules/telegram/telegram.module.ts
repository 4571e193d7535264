import type { FastifyPluginAsync } from 'fastify';
import type { HubConfig } from '../../config.js';
import { lazySecret } from '../../platform/database/secrets.js';
import type { HubModule } from '../../platform/module.js';
import type {
  ForgetReporter,
  NotifyReporter,
  ReportStatusOf,
  SubmitCaseReport,
} from '../cases/index.js';
import type { HubPlatform } from '../database.js';
import { intakeConversation } from './intake/intake.conversation.js';
import { chatKeyer, organisationsWithCode } from './intake/intake.store.js';
import { linksHandler } from './links/links.handler.js';
import { telegramLinkRoutes } from './links/links.routes.js';
import { createBot } from './telegram.bot.js';
import { telegramNotifier } from './telegram.notify.js';
import { telegramWebhookRoutes } from './telegram.routes.js';
import { own } from './telegram.tables.js';

/** The `hub_secrets` row holding the deep links' signing key. */
const LINK_SECRET_NAME = 'telegram-links';
/** A link's days when no bot is configured: no link is made then, the value is never used. */
const UNCONFIGURED_TTL_DAYS = 30;

/** The telegram module, with the door the cases module's transitions call. */
export interface TelegramModule extends HubModule {
  /** Sends a reporter who asked to hear back their report's new status. */
  readonly notifyReporter: NotifyReporter;
}

/** What the bot uses of the platform: its database, its clock, and where failures are logged. */
export type TelegramPlatform = Pick<HubPlatform, 'db' | 'now' | 'warn' | 'debug'>;

/** The cases module's doors the bot submits through. */
export interface TelegramDoors {
  submit: SubmitCaseReport;
  statusOf: ReportStatusOf;
  forget: ForgetReporter;
}

/**
 * The Telegram bot: issue 14's intake of harmful-content reports, when an intake organisation
 * is configured, and issue 17's delivery channel — deep links that bind a contact's chat and
 * record their consent, `/stop` that withdraws it. `POST /v1/contacts/:id/telegram-link` is
 * always there (409 `telegram_not_configured` without a bot username); with no bot configured
 * `POST /v1/telegram/webhook` answers 404 and `notifyReporter` sends nothing.
 */
export function createTelegramModule(
  platform: TelegramPlatform,
  config: Pick<HubConfig, 'telegram'>,
  doors: TelegramDoors,
): TelegramModule {
  const telegram = config.telegram;
  const links = {
    db: platform.db,
    now: platform.now,
    secret: lazySecret(own(platform.db), LINK_SECRET_NAME),
    botUsername: telegram?.botUsername ?? null,
    linkTtlDays: telegram?.linkTtlDays ?? UNCONFIGURED_TTL_DAYS,
  };
  const linkRoutes: FastifyPluginAsync = async (app) => {
    await app.register(telegramLinkRoutes, links);
  };
  if (telegram === null) {
    return {
      name: 'telegram',
      routes: linkRoutes,
      notifyReporter: async () => {
        platform.warn(
          new Error('no bot'),
          'A reporter’s status was not sent: no Telegram bot is configured',
        );
      },
    };
  }
  const chatKey = chatKeyer(platform.db);
  const intakeOrgCode = telegram.intakeOrgCode;
  const bot = createBot(
    telegram,
    [
      linksHandler({ ...links, chatKey, intake: intakeOrgCode !== null }),
      ...(intakeOrgCode === null
        ? []
        : [
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
          ]),
    ],
    platform.warn,
  );
  return {
    name: 'telegram',
    routes: async (app) => {
      await app.register(linkRoutes);
      await app.register(telegramWebhookRoutes, { bot, secret: telegram.webhookSecret });
    },
    notifyReporter: telegramNotifier(bot.api, platform.debug),
  };
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
