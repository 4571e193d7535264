import type { WhatsAppClientLike } from '@safenet/channels';
import { LANGUAGES, type Language } from '@safenet/core';
import type { HubConfig } from '../config.js';
import type { HubModule } from '../platform/module.js';
import type { Authenticate, AuthenticateSession } from '../platform/tenancy/auth.js';
import { createAlertsModule } from './alerts/index.js';
import { createApprovalsModule } from './approvals/index.js';
import { createBroadcastsModule, sendUrgentNotice } from './broadcasts/index.js';
import { announcementsProgrammePart, createCalendarModule } from './calendar/index.js';
import { createCampaignsModule } from './campaigns/index.js';
import { createCasesModule } from './cases/index.js';
import {
  type ChannelRegistry,
  createChannelRegistry,
  createChannelsModule,
  Phones,
  type SendEmail,
  transactionalMailer,
} from './channels/index.js';
import { createConsentModule } from './consent/index.js';
import { createContactsModule } from './contacts/index.js';
import { createContentModule } from './content/index.js';
import { createCostsModule } from './costs/index.js';
import type { HubPlatform } from './database.js';
import { createDeliveryModule, pacedSender } from './delivery/index.js';
import { createEndpointsModule } from './endpoints/index.js';
import { createHotlinesModule } from './hotlines/index.js';
import { createOrganisationsModule } from './organisations/index.js';
import { createOutboxModule } from './outbox/index.js';
import { createPeopleModule } from './people/index.js';
import { createPlansModule, planDeadlines, planProgrammePart } from './plans/index.js';
import { createPrivacyModule } from './privacy/index.js';
import { createRemindersModule, remindersProgrammePart } from './reminders/index.js';
import { createReportsModule } from './reports/index.js';
import { createSegmentsModule } from './segments/index.js';
import { createStreamModule } from './stream/index.js';
import { createTelegramModule, type TelegramModule } from './telegram/index.js';

/** The hub's modules, in order, and what the platform needs from them. */
export interface Modules {
  /** In order: routes register, queues are created and modules start in this order. */
  readonly list: readonly HubModule[];
  /** How the platform's auth resolves an API key (the organisations module answers). */
  readonly authenticate: Authenticate;
  /** How the platform's auth resolves a session cookie (the people module answers). */
  readonly authenticateSession: AuthenticateSession;
  /** The channel adapters (the start banner and tests read them). */
  readonly channels: ChannelRegistry;
  /** Where the phones are held (tests read it). */
  readonly phones: Phones;
}

/** Options for tests and embedding. */
export interface ModuleOptions {
  /** A whatsapp-web.js client instead of launching Chromium (tests pass a fake). */
  whatsappWebClient?: WhatsAppClientLike;
  /** Where invitation and password reset emails go instead of SMTP (tests read them). */
  sendEmail?: SendEmail;
}

/** The languages with a ZNS template configured; none while Zalo is not configured. */
function zaloTemplateLanguages(config: HubConfig): Language[] {
  return LANGUAGES.filter((language) => config.zalo?.templates[language] !== undefined);
}

/**
 * Creates every module, in order, each with the doors of the ones it uses. A new domain
 * adds its line here (and its tables to `database.ts`).
 */
export async function createModules(
  platform: HubPlatform,
  config: HubConfig,
  options: ModuleOptions = {},
): Promise<Modules> {
  const registry = await createChannelRegistry(
    config,
    platform.db,
    platform.bus,
    platform.orgPathOf,
    {
      ...(options.whatsappWebClient ? { whatsappWebClient: options.whatsappWebClient } : {}),
    },
  );
  const phones = new Phones(platform, registry);
  const organisations = createOrganisationsModule(platform, { quietHours: config.quietHours });
  const people = createPeopleModule(platform, config, {
    sendEmail: options.sendEmail ?? transactionalMailer(registry),
  });
  const consent = await createConsentModule(platform, config);
  const content = createContentModule(platform, config);
  const delivery = createDeliveryModule(platform, {
    dispatch: config.dispatch,
    quietHours: config.quietHours,
    channels: registry,
    phones,
    unsubscribe: consent.unsubscribe,
    files: content.files,
  });
  // A programme file's sections beyond the campaign's own, in the order they write: the plan
  // before the announcements and reminders that name its items.
  const campaigns = createCampaignsModule(platform);
  campaigns.programmeParts.register(planProgrammePart());
  campaigns.programmeParts.register(announcementsProgrammePart());
  campaigns.programmeParts.register(remindersProgrammePart());
  // The bot submits through the cases module's intake; the cases module tells reporters
  // through the bot. The bot is made second, so the first reads it when it is called.
  let telegram: TelegramModule | undefined;
  const cases = createCasesModule(platform, {
    clockSweepMs: config.cases.clockSweepMs,
    notifyReporter: (feedback, status) =>
      telegram ? telegram.notifyReporter(feedback, status) : Promise.resolve(),
  });
  telegram = createTelegramModule(platform, config, {
    submit: cases.submit,
    statusOf: cases.statusOf,
    forget: cases.forget,
    channels: registry,
    send: pacedSender(delivery.dispatch),
    files: content.files,
  });
  const costs = createCostsModule(platform, { defaultTable: config.prices.defaultTable });
  const list: HubModule[] = [
    organisations,
    people,
    createContactsModule(platform, config),
    createSegmentsModule(platform),
    createApprovalsModule(platform),
    content,
    createHotlinesModule(platform),
    campaigns,
    createPlansModule(platform),
    createAlertsModule(platform, {
      publicUrl: config.publicUrl,
      sweepMs: config.alerts.escalationSweepMs,
      // An escalation step's broadcast, urgent: an unacknowledged alert does not wait for
      // morning. Composed here: the alerts module cannot reach the broadcasts module.
      notify: (trx, message) => sendUrgentNotice(platform.boss, trx, message),
    }),
    createCalendarModule(platform, { graceMs: config.calendar.graceMs, planOf: planDeadlines }),
    createRemindersModule(platform, { graceMs: config.calendar.graceMs }),
    cases,
    telegram,
    createReportsModule(platform, {
      publicUrl: config.publicUrl,
      graceMs: config.calendar.graceMs,
    }),
    createBroadcastsModule(platform, {
      expandChunk: config.dispatch.expandChunk,
      progress: delivery.dispatch.progress,
      defaultThreshold: config.sendApproval.defaultThreshold,
      unsubscribe: consent.unsubscribe,
      files: content.files,
      pricing: costs.pricing,
      zaloTemplates: zaloTemplateLanguages(config),
    }),
    costs,
    createOutboxModule(platform),
    createChannelsModule(platform, { registry, phones, receipts: delivery.receipts, config }),
    createStreamModule(platform),
    consent,
    delivery,
    createEndpointsModule(platform, config.outboundWebhooks),
  ];
  // Last: an erasure runs every module's steps, the ones listed above.
  list.push(createPrivacyModule(platform, { steps: () => list.flatMap((m) => m.erasure ?? []) }));
  return {
    list,
    authenticate: organisations.authenticate,
    authenticateSession: people.authenticateSession,
    channels: registry,
    phones,
  };
}
