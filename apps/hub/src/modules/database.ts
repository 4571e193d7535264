import type { Kysely, Transaction } from 'kysely';
import type { PlatformTables } from '../platform/database/schema.js';
import type { Platform } from '../platform/module.js';
import type { AlertsTables } from './alerts/alerts.tables.js';
import type { ApprovalsTables } from './approvals/approvals.tables.js';
import type { BroadcastsTables } from './broadcasts/broadcasts.tables.js';
import type { CalendarTables } from './calendar/calendar.tables.js';
import type { CampaignsTables } from './campaigns/campaigns.tables.js';
import type { CaseFormTables } from './cases/case-form.tables.js';
import type { CasesTables } from './cases/cases.tables.js';
import type { ChannelsTables } from './channels/channels.tables.js';
import type { ConsentTables } from './consent/consent.tables.js';
import type { ContactsTables } from './contacts/contacts.tables.js';
import type { ContentTables } from './content/content.tables.js';
import type { CostsTables } from './costs/costs.tables.js';
import type { DeliveryTables } from './delivery/delivery.tables.js';
import type { EndpointsTables } from './endpoints/endpoints.tables.js';
import type { HotlinesTables } from './hotlines/hotlines.tables.js';
import type { InboundTables } from './inbound/inbound.tables.js';
import type { OrganisationsTables } from './organisations/organisations.tables.js';
import type { OutboxTables } from './outbox/outbox.tables.js';
import type { PeopleTables } from './people/people.tables.js';
import type { PlansTables } from './plans/plans.tables.js';
import type { PrivacyTables } from './privacy/privacy.tables.js';
import type { RemindersTables } from './reminders/reminders.tables.js';
import type { ReportsTables } from './reports/reports.tables.js';
import type { SegmentsTables } from './segments/segments.tables.js';
import type { TelegramTables } from './telegram/telegram.tables.js';

export type { BroadcastRow } from './broadcasts/broadcasts.tables.js';
export type { ContactRow } from './contacts/contacts.tables.js';
export type {
  CircuitBreakersTable,
  DeliveryRow,
  NewDelivery,
} from './delivery/delivery.tables.js';
export type { OrganisationRow } from './organisations/organisations.tables.js';
export type { SegmentRow } from './segments/segments.tables.js';

/** Every module's tables: what the hub's composed database handle sees besides the platform's. */
export type ModuleTables = Flat<
  OrganisationsTables &
    ContactsTables &
    ConsentTables &
    SegmentsTables &
    ContentTables &
    CampaignsTables &
    PlansTables &
    CalendarTables &
    BroadcastsTables &
    DeliveryTables &
    OutboxTables &
    InboundTables &
    EndpointsTables &
    ChannelsTables &
    PeopleTables &
    AlertsTables &
    RemindersTables &
    ReportsTables &
    CaseFormTables &
    CasesTables &
    TelegramTables &
    PrivacyTables &
    ApprovalsTables &
    HotlinesTables &
    CostsTables
>;
/** One object type of an intersection (which kysely's `withTables` takes). */
type Flat<T> = { [K in keyof T]: T[K] };

/** The hub's tables, as kysely sees them: the platform's and every module's. */
export type Database = PlatformTables & ModuleTables;

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or a transaction on it. */
export type Executor = Db | Tx;

/** The hub's handle on an opened store: the platform's tables and every module's. */
export function hubDb(store: { db: Kysely<PlatformTables> }): Db {
  return store.db.withTables<ModuleTables>();
}

/** What the platform gives every module of this hub (see {@link Platform}). */
export type HubPlatform = Platform;
