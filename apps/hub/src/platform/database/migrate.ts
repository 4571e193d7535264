import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import * as initial from './migrations/001-initial.js';
import * as pendingReceipts from './migrations/002-delivery-pending-receipts.js';
import * as fallbackAndPacing from './migrations/003-delivery-fallback-and-pacing.js';
import * as hubSecrets from './migrations/004-platform-hub-secrets.js';
import * as inboundEvents from './migrations/005-inbound-provider-events.js';
import * as circuitBreakers from './migrations/006-delivery-circuit-breakers.js';
import * as events from './migrations/007-platform-events.js';
import * as webhookEndpoints from './migrations/008-endpoints-webhooks.js';
import * as channelSessions from './migrations/009-channels-sessions.js';
import * as webhookFeed from './migrations/010-endpoints-webhook-feed.js';
import * as broadcastCounts from './migrations/011-delivery-broadcast-counts.js';
import * as people from './migrations/012-people-users-sessions.js';
import * as contactsSearch from './migrations/013-contacts-search.js';
import * as consentHistory from './migrations/014-consent-history.js';
import * as deliveryHistory from './migrations/015-delivery-history.js';
import * as countsByChannel from './migrations/016-delivery-counts-by-channel.js';
import * as campaignsProgramme from './migrations/017-campaigns-programme.js';
import * as quietHours from './migrations/018-quiet-hours.js';
import * as organisationCodes from './migrations/019-organisation-codes.js';
import * as plans from './migrations/020-plans.js';
import * as calendarAnnouncements from './migrations/021-calendar-announcements.js';
import * as alerts from './migrations/022-alerts.js';
import * as followUps from './migrations/023-plan-follow-ups.js';
import * as campaignLineage from './migrations/024-campaign-lineage.js';
import * as reports from './migrations/025-reports.js';
import * as reportLinks from './migrations/027-report-links.js';
import * as reportApproval from './migrations/028-report-approval.js';
import * as reportNudges from './migrations/029-report-nudges.js';
import * as alertEscalation from './migrations/031-alert-escalation.js';
import * as caseFormTokens from './migrations/032-case-form-tokens.js';
import * as telegramIntake from './migrations/033-telegram-intake.js';
import * as cases from './migrations/034-cases.js';
import * as privacy from './migrations/035-privacy.js';
import * as contentLibrary from './migrations/036-content-library.js';
import * as sendApproval from './migrations/037-send-approval.js';
import * as hotlines from './migrations/038-hotlines.js';
import * as prices from './migrations/039-prices.js';
import * as attachments from './migrations/040-attachments.js';
import * as contactImports from './migrations/041-contact-imports.js';
import * as telegramLinks from './migrations/042-telegram-links.js';
import * as zaloTokens from './migrations/043-zalo-tokens.js';
import * as telegramChats from './migrations/044-telegram-chats.js';

/** Every migration, by name; names sort in the order they run. */
export const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-pending-receipts': pendingReceipts,
  '003-fallback-and-pacing': fallbackAndPacing,
  '004-hub-secrets': hubSecrets,
  '005-inbound-events': inboundEvents,
  '006-circuit-breakers': circuitBreakers,
  '007-events': events,
  '008-endpoints-webhooks': webhookEndpoints,
  '009-channels-sessions': channelSessions,
  '010-endpoints-webhook-feed': webhookFeed,
  '011-delivery-broadcast-counts': broadcastCounts,
  '012-people-users-sessions': people,
  '013-contacts-search': contactsSearch,
  '014-consent-history': consentHistory,
  '015-delivery-history': deliveryHistory,
  '016-delivery-counts-by-channel': countsByChannel,
  '017-campaigns-programme': campaignsProgramme,
  '018-quiet-hours': quietHours,
  '019-organisation-codes': organisationCodes,
  '020-plans': plans,
  '021-calendar-announcements': calendarAnnouncements,
  '022-alerts': alerts,
  '023-plan-follow-ups': followUps,
  '024-campaign-lineage': campaignLineage,
  '025-reports': reports,
  '027-report-links': reportLinks,
  '028-report-approval': reportApproval,
  '029-report-nudges': reportNudges,
  '031-alert-escalation': alertEscalation,
  '032-case-form-tokens': caseFormTokens,
  '033-telegram-intake': telegramIntake,
  '034-cases': cases,
  '035-privacy': privacy,
  '036-content-library': contentLibrary,
  '037-send-approval': sendApproval,
  '038-hotlines': hotlines,
  '039-prices': prices,
  '040-attachments': attachments,
  '041-contact-imports': contactImports,
  '042-telegram-links': telegramLinks,
  '043-zalo-tokens': zaloTokens,
  '044-telegram-chats': telegramChats,
};

/**
 * The PostgreSQL advisory lock that migrations hold, database-wide: two hubs starting at
 * once migrate one after the other, and whatever drops a schema (the tests' clean-up) takes
 * it too — the migrator's first step lists the tables of every schema, which fails if one
 * is dropped while it reads.
 */
export const MIGRATION_LOCK_KEY = 0x5afe_0001;

/**
 * Drops a hub's schemas (its own and its queue's `<schema>_queue`) in one transaction under the
 * migrations' lock: a hub migrating meanwhile lists every schema's tables, and fails when one
 * vanishes while it reads. What tests and benches clean up with.
 */
export async function dropStoreSchemas(
  client: { query(text: string, values?: unknown[]): Promise<unknown> },
  schema: string,
): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * Brings the schema up to date, or up to the migration named `upTo` (an upgrade brings a
 * new database to the level of the data it copies in). Migrations are code, bundled with the
 * hub; they run under {@link MIGRATION_LOCK_KEY}, so hubs starting at once take turns.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  schema: string,
  upTo?: string,
): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(connection);
    try {
      await migrate(connection, schema, upTo);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(connection);
    }
  });
}

/**
 * The oldest PostgreSQL the migrations run on: 020 sets only one column of a composite foreign
 * key to null on delete (`ON DELETE SET NULL (phase_key)`), which PostgreSQL 15 brought; 14
 * reached its end of life in November 2026.
 */
export const MIN_POSTGRES_VERSION = 150_000;

/** Null when `versionNum` (`server_version_num`) is new enough, else what to do about it. */
export function postgresTooOld(versionNum: number, version: string): string | null {
  if (versionNum >= MIN_POSTGRES_VERSION) return null;
  return `Safenet needs PostgreSQL 15 or later; the server at DATABASE_URL is ${version}: upgrade it (see docs/guides/deploy.md)`;
}

async function migrate(db: Kysely<unknown>, schema: string, upTo?: string): Promise<void> {
  const { rows } = await sql<{ num: string; version: string }>`
    select current_setting('server_version_num') as num, current_setting('server_version') as version`.execute(
    db,
  );
  const server = rows[0];
  const tooOld = server ? postgresTooOld(Number(server.num), server.version) : null;
  if (tooOld) throw new Error(tooOld);
  const migrator = new Migrator({
    db,
    migrationTableSchema: schema,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error, results } = await (upTo === undefined
    ? migrator.migrateToLatest()
    : migrator.migrateTo(upTo));
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
