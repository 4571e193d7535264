import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel } from '@safenet/core';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HubConfig } from '../config.js';
import { type Database, type Db, hubDb, type NewDelivery } from '../modules/database.js';
import { insertOrganisation, type ParentOrganisation } from '../modules/organisations/index.js';
import { MIGRATIONS } from '../platform/database/migrate.js';
import { openStore, type Store } from '../platform/database/open-store.js';
import { share } from '../platform/database/schema.js';
import { TEST_POSTGRES_URL } from './test-env.js';
import { dropSchemas } from './test-hub.js';

/** A database for one run of the contract: where it is, and how to remove it afterwards. */
export interface ContractDatabase {
  database: HubConfig['database'];
  dispose(): Promise<void>;
}

/** A store backend the contract runs against. */
export interface StoreBackend {
  name: string;
  /** A database with no hub schema in it yet, so the migrations run from the start. */
  create(): Promise<ContractDatabase>;
}

const randomSchema = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/**
 * The embedded store on a copy of the test template, in a schema of its own: the migrations
 * run from scratch there, without paying for a new cluster (initdb).
 */
export const embeddedBackend: StoreBackend = {
  name: 'embedded',
  async create() {
    const dataDir = await mkdtemp(join(tmpdir(), 'safenet-contract-'));
    await cp(inject('hubTemplate').dir, dataDir, { recursive: true });
    return {
      database: { kind: 'embedded', dataDir, schema: randomSchema('contract'), port: 0 },
      dispose: () => rm(dataDir, { recursive: true, force: true }),
    };
  },
};

/** PostgreSQL in a fresh schema, dropped afterwards. */
export const postgresBackend: StoreBackend = {
  name: 'PostgreSQL',
  async create() {
    const schema = randomSchema('contract');
    return {
      database: { kind: 'postgres', url: TEST_POSTGRES_URL, schema },
      dispose: () => dropSchemas(TEST_POSTGRES_URL, schema),
    };
  },
};

/**
 * Every table the hub's code declares (the platform's and every module's): a record over the
 * tables of {@link Database}, so the compiler refuses a table left out or one it does not
 * know. The contract checks that the migrations create exactly these, and runs its per-table
 * checks over every table the migrations created.
 */
const DECLARED_TABLES: Record<keyof Database, true> = {
  organisations: true,
  api_keys: true,
  contacts: true,
  consent_events: true,
  segments: true,
  recommendations: true,
  recommendation_versions: true,
  attachments: true,
  recommendation_version_attachments: true,
  approval_events: true,
  campaigns: true,
  campaign_phases: true,
  campaign_organisers: true,
  alerts: true,
  alert_escalation_policies: true,
  alert_escalations: true,
  campaign_reminders: true,
  reminder_firings: true,
  plan_escalations: true,
  plan_sections: true,
  plan_items: true,
  plan_responsibles: true,
  plan_assignments: true,
  broadcasts: true,
  deliveries: true,
  delivery_events: true,
  broadcast_counts: true,
  pending_receipts: true,
  pacing: true,
  circuit_breakers: true,
  outbox_messages: true,
  inbound_events: true,
  events: true,
  idempotency_keys: true,
  hub_secrets: true,
  webhook_endpoints: true,
  webhook_messages: true,
  webhook_attempts: true,
  channel_sessions: true,
  webhook_feed: true,
  users: true,
  user_sessions: true,
  invitations: true,
  password_resets: true,
  sign_in_failures: true,
  campaign_announcements: true,
  announcement_occurrences: true,
  report_forms: true,
  report_assignees: true,
  report_submissions: true,
  report_submission_versions: true,
  report_exceptions: true,
  report_approvals: true,
  report_audit: true,
  report_links: true,
  report_nudges_fired: true,
  case_form_nonces: true,
  telegram_intake: true,
  telegram_links: true,
  telegram_chat_links: true,
  telegram_chats: true,
  telegram_posts: true,
  telegram_post_targets: true,
  zalo_tokens: true,
  cases: true,
  case_reports: true,
  case_links: true,
  case_referrals: true,
  case_routing_rules: true,
  case_response_times: true,
  case_audit: true,
  contact_erasures: true,
  send_approval_thresholds: true,
  hotlines: true,
  organisation_prices: true,
  contact_imports: true,
  contact_import_rows: true,
  contact_import_errors: true,
  contact_import_mappings: true,
};
const TABLES = Object.keys(DECLARED_TABLES);

/** The tables the migrations created in `schema`, the migrator's own left out, sorted. */
async function migratedTables(db: Db, schema: string): Promise<string[]> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = ${schema} and table_type = 'BASE TABLE'
      and table_name not in ('kysely_migration', 'kysely_migration_lock')
  `.execute(db);
  return tables.rows.map((row) => row.table_name).sort();
}

/**
 * The array, JSON and timestamp columns the migrations created in `schema`, as `table.column`,
 * sorted: the columns whose values a driver converts, and so must round-trip alike on both
 * backends.
 */
async function convertedColumns(db: Db, schema: string): Promise<string[]> {
  const columns = await sql<{ name: string }>`
    select table_name || '.' || column_name as name from information_schema.columns
    where table_schema = ${schema}
      and table_name not in ('kysely_migration', 'kysely_migration_lock')
      and (data_type in ('ARRAY', 'jsonb', 'json') or data_type like 'timestamp%')
  `.execute(db);
  return columns.rows.map((row) => row.name).sort();
}

/** Text that array literals and JSON encoders get wrong when they quote carelessly. */
const AWKWARD_TEXT = [
  'Committee, "quoted" {braced}',
  'back\\slash',
  'NULL',
  '',
  'Ủy ban — Комитет — Комитеті',
  'emoji 🛡️ and tab\tinside',
];

/**
 * The contract's root organisation, named after its id (the rollback check looks for that
 * name). Inserted as a row, not through `insertOrganisation`, which picks the id itself.
 */
async function insertRootOrg(db: Db): Promise<ParentOrganisation> {
  const id = uuidv7();
  const root = {
    id,
    kind: 'ministry',
    path: [id],
    time_zone: 'Asia/Almaty',
    default_language: 'kk',
  };
  await db
    .insertInto('organisations')
    .values({ ...root, parent_id: null, name: `contract org ${id}`, created_at: new Date() })
    .execute();
  return root;
}

/** The graph a delivery needs: organisation, segment and broadcast. */
async function insertBroadcast(db: Db, orgId: string) {
  const segmentId = uuidv7();
  await db
    .insertInto('segments')
    .values({
      id: segmentId,
      org_id: orgId,
      name: 'contract',
      query: JSON.stringify({}),
      created_at: new Date(),
    })
    .execute();
  const broadcastId = uuidv7();
  await db
    .insertInto('broadcasts')
    .values({
      id: broadcastId,
      org_id: orgId,
      campaign_id: null,
      segment_id: segmentId,
      segment_query: JSON.stringify({}),
      channels: ['email'],
      content: JSON.stringify({ body: { en: 'x' } }),
      variables: JSON.stringify({}),
      send_at: new Date(),
      status: 'queued',
      expand_cursor: null,
      expanded: false,
      created_at: new Date(),
      updated_at: new Date(),
    })
    .execute();
  return broadcastId;
}

function newDelivery(
  broadcastId: string,
  orgId: string,
  contactId: string,
  channel: Channel,
): NewDelivery {
  return {
    id: uuidv7(),
    broadcast_id: broadcastId,
    org_id: orgId,
    contact_id: contactId,
    channel,
    language: 'ru',
    status: 'queued',
    reason: null,
    attempts: 0,
    created_at: new Date(),
    updated_at: new Date(),
  };
}

/**
 * The store's contract: what the hub relies on from either backend. Each backend runs the
 * same assertions, so a difference between the embedded server and yours shows up as a failure here
 * rather than in production.
 */
export function storeContract(backend: StoreBackend): void {
  describe(`store contract: ${backend.name}`, () => {
    let target: ContractDatabase;
    let store: Store;
    let org: ParentOrganisation;

    beforeAll(async () => {
      target = await backend.create();
      store = await openStore(target.database);
      org = await insertRootOrg(hubDb(store));
    });

    afterAll(async () => {
      await store?.close();
      await target?.dispose();
    });

    it('creates every table and runs each migration once, however often it is opened', async () => {
      // The migrations create exactly the tables the hub's code declares; a table a new
      // migration adds is checked below without anyone listing it.
      const migrated = await migratedTables(hubDb(store), target.database.schema);
      expect(migrated).toEqual([...TABLES].sort());
      for (const table of migrated) {
        await expect(
          sql`select count(*)::int as n from ${sql.table(table)}`.execute(hubDb(store)),
        ).resolves.toBeDefined();
      }
      // Open the same database again: the migrator must find nothing to do.
      await store.close();
      store = await openStore(target.database);
      const migrations = await sql<{ name: string }>`select name from kysely_migration`.execute(
        hubDb(store),
      );
      expect(migrations.rows.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS).sort());
      expect(migrations.rows.map((row) => row.name)).toContain('002-pending-receipts');
      const kept = await hubDb(store)
        .selectFrom('organisations')
        .select('id')
        .where('id', '=', org.id)
        .executeTakeFirst();
      expect(kept).toEqual({ id: org.id });
      // The hub's tables live in the configured schema, not in public.
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_schema = ${target.database.schema}`.execute(
        hubDb(store),
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining([...TABLES, 'kysely_migration']),
      );
    });

    it('round-trips every array, JSON and timestamp column', async () => {
      const db = hubDb(store);
      // The columns this test round-trips, as `table.column`; at the end they must be every
      // converted column the migrations created, so a new one fails here until it is added.
      const tripped = new Set<string>();
      const trip = (table: string, ...columns: string[]) => {
        for (const column of columns) tripped.add(`${table}.${column}`);
      };
      const child = await insertOrganisation(share(db), org, {
        kind: 'province',
        name: `contract org under ${org.id}`,
      });
      const at = new Date('2017-04-10T03:00:00.123Z');
      const offsetAt = '2017-04-21T18:00:00+06:00';

      const orgRow = await db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', child.id)
        .executeTakeFirstOrThrow();
      expect(orgRow.path).toEqual([org.id, child.id]);
      expect(orgRow.created_at).toBeInstanceOf(Date);
      trip('organisations', 'path', 'created_at');

      const apiKeyId = uuidv7();
      await db
        .insertInto('api_keys')
        .values({
          id: apiKeyId,
          org_id: child.id,
          name: 'contract',
          scopes: ['read', 'send'],
          prefix: 'sn_contrac',
          secret_hash: randomBytes(32).toString('hex'),
          created_at: at,
          revoked_at: offsetAt,
        })
        .execute();
      const apiKey = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', apiKeyId)
        .executeTakeFirstOrThrow();
      expect(apiKey.scopes).toEqual(['read', 'send']);
      expect(apiKey.created_at).toEqual(at);
      expect(apiKey.revoked_at).toEqual(new Date(offsetAt));
      trip('api_keys', 'scopes', 'created_at', 'revoked_at');

      const contact = {
        child_age_bands: [
          { min: 0, max: 5 },
          { min: 14, max: 17 },
        ],
        addresses: { email: 'ana@example.kz', phone: '+77011234567', telegram: '@ana_parent' },
        consents: {
          email: { status: 'granted', source: 'форма родительского собрания', at: offsetAt },
          sms: { status: 'revoked', source: 'STOP reply', at: '2017-04-12T00:00:00Z' },
        },
      } as const;
      const contactId = uuidv7();
      await db
        .insertInto('contacts')
        .values({
          id: contactId,
          org_id: child.id,
          org_path: child.path,
          external_ref: 'contract-1',
          display_name: 'Әсел Нұрланқызы',
          role: 'parent',
          language: 'kk',
          time_zone: 'Asia/Almaty',
          child_age_bands: JSON.stringify(contact.child_age_bands),
          addresses: JSON.stringify(contact.addresses),
          consents: JSON.stringify(contact.consents),
          created_at: at,
          updated_at: at,
        })
        .execute();
      const contactRow = await db
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', contactId)
        .executeTakeFirstOrThrow();
      expect(contactRow).toMatchObject({
        org_path: child.path,
        display_name: 'Әсел Нұрланқызы',
        ...contact,
        created_at: at,
        updated_at: at,
      });
      trip(
        'contacts',
        'org_path',
        'child_age_bands',
        'addresses',
        'consents',
        'created_at',
        'updated_at',
      );

      const eventId = uuidv7();
      await db
        .insertInto('consent_events')
        .values({
          id: eventId,
          contact_id: contactId,
          channel: 'email',
          status: 'granted',
          source: 'форма родительского собрания',
          at: offsetAt,
          recorded_at: at,
          actor_kind: 'key',
          actor_id: apiKeyId,
        })
        .execute();
      const eventRow = await db
        .selectFrom('consent_events')
        .selectAll()
        .where('id', '=', eventId)
        .executeTakeFirstOrThrow();
      expect(eventRow.at).toEqual(new Date(offsetAt));
      expect(eventRow.recorded_at).toEqual(at);
      trip('consent_events', 'at', 'recorded_at');

      const alertId = uuidv7();
      await db
        .insertInto('alerts')
        .values({
          id: alertId,
          org_id: child.id,
          code: 'plan_item_overdue',
          severity: 'warning',
          subject_type: 'plan_assignment',
          subject_id: 'c/7/o',
          message: 'Trường THPT Nguyễn Bình Khiêm: mục 7 quá hạn',
          dedupe_key: null,
          created_at: offsetAt,
          acknowledged_at: at,
          resolved_at: offsetAt,
        })
        .execute();
      const alertRow = await db
        .selectFrom('alerts')
        .selectAll()
        .where('id', '=', alertId)
        .executeTakeFirstOrThrow();
      expect(alertRow).toMatchObject({
        state: 'open',
        created_at: new Date(offsetAt),
        acknowledged_at: at,
        resolved_at: new Date(offsetAt),
        message: 'Trường THPT Nguyễn Bình Khiêm: mục 7 quá hạn',
      });
      trip('alerts', 'created_at', 'acknowledged_at', 'resolved_at');

      // Escalation (031): the frozen policy and its due time, an organisation's policy, a step.
      const frozen = {
        steps: [{ afterMinutes: 15, levelsUp: 1, channels: ['sms', 'email'] }],
        repeat: 1,
        repeatAfterMinutes: 15,
      } as const;
      await db
        .updateTable('alerts')
        .set({ escalation_policy: JSON.stringify(frozen), escalation_due_at: at })
        .where('id', '=', alertId)
        .execute();
      expect(
        await db
          .selectFrom('alerts')
          .select(['escalation_policy', 'escalation_due_at'])
          .where('id', '=', alertId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ escalation_policy: frozen, escalation_due_at: at });
      trip('alerts', 'escalation_policy', 'escalation_due_at');
      await db
        .insertInto('alert_escalation_policies')
        .values({
          org_id: child.id,
          severity: 'critical',
          policy: JSON.stringify(frozen),
          updated_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('alert_escalation_policies')
          .select(['policy', 'updated_at'])
          .where('org_id', '=', child.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ policy: frozen, updated_at: new Date(offsetAt) });
      trip('alert_escalation_policies', 'policy', 'updated_at');
      await db
        .insertInto('alert_escalations')
        .values({
          alert_id: alertId,
          run: 0,
          step: 0,
          org_id: child.id,
          broadcast_id: uuidv7(),
          channels: ['sms', 'email'],
          at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('alert_escalations')
          .select(['channels', 'at'])
          .where('alert_id', '=', alertId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ channels: ['sms', 'email'], at: new Date(offsetAt) });
      trip('alert_escalations', 'channels', 'at');

      const query = {
        roles: ['parent'],
        underOrgIds: [child.id],
        ageBand: { min: 6, max: 10 },
        nested: { list: [1, 2.5, true, null, 'Đắk Lắk'], empty: {} },
      };
      const segmentId = uuidv7();
      await db
        .insertInto('segments')
        .values({
          id: segmentId,
          org_id: child.id,
          name: 'Родители',
          query: JSON.stringify(query),
          created_at: offsetAt,
        })
        .execute();
      const segment = await db
        .selectFrom('segments')
        .selectAll()
        .where('id', '=', segmentId)
        .executeTakeFirstOrThrow();
      expect(segment.query).toEqual(query);
      expect(segment.created_at).toEqual(new Date(offsetAt));
      trip('segments', 'query', 'created_at');

      const title = { ru: 'Памятка для родителей', kk: 'Жадынама', vi: 'Cẩm nang cho cha mẹ' };
      const body = { en: 'Line one\nLine "two" {{hotline}}', vi: 'Đường dây nóng: 111' };
      const recommendationId = uuidv7();
      await db
        .insertInto('recommendations')
        .values({
          id: recommendationId,
          org_id: child.id,
          published_version_id: null,
          latest_version_id: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      const versionId = uuidv7();
      await db
        .insertInto('recommendation_versions')
        .values({
          id: versionId,
          recommendation_id: recommendationId,
          org_id: child.id,
          number: 1,
          status: 'published',
          topic: 'online-safety',
          tags: ['memo-2017', 'bảo-vệ'],
          title: JSON.stringify(title),
          body: JSON.stringify(body),
          target_roles: ['parent', 'teacher'],
          target_age_bands: JSON.stringify([{ min: 6, max: 17 }]),
          authors: [`user:${uuidv7()}`, `key:${uuidv7()}`],
          submitted_at: offsetAt,
          reviewed_by: `user:${uuidv7()}`,
          reviewed_at: at,
          review_decision: 'approved',
          review_comment: null,
          published_at: offsetAt,
          archived_at: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await db
        .updateTable('recommendations')
        .set({ published_version_id: versionId, latest_version_id: versionId })
        .where('id', '=', recommendationId)
        .execute();
      const recommendation = await db
        .selectFrom('recommendations')
        .selectAll()
        .where('id', '=', recommendationId)
        .executeTakeFirstOrThrow();
      expect(recommendation).toMatchObject({
        published_version_id: versionId,
        created_at: at,
        updated_at: at,
      });
      trip('recommendations', 'created_at', 'updated_at');
      const storedVersion = await db
        .selectFrom('recommendation_versions')
        .selectAll()
        .where('id', '=', versionId)
        .executeTakeFirstOrThrow();
      expect(storedVersion).toMatchObject({
        tags: ['memo-2017', 'bảo-vệ'],
        title,
        body,
        target_roles: ['parent', 'teacher'],
        target_age_bands: [{ min: 6, max: 17 }],
        submitted_at: new Date(offsetAt),
        reviewed_at: at,
        published_at: new Date(offsetAt),
        archived_at: null,
        created_at: at,
        updated_at: at,
      });
      expect(storedVersion.authors).toHaveLength(2);
      trip(
        'recommendation_versions',
        'tags',
        'title',
        'body',
        'target_roles',
        'target_age_bands',
        'authors',
        'submitted_at',
        'reviewed_at',
        'published_at',
        'archived_at',
        'created_at',
        'updated_at',
      );

      // A file's bytes round-trip exactly (bytea), every byte value included.
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const attachmentId = uuidv7();
      await db
        .insertInto('attachments')
        .values({
          id: attachmentId,
          org_id: child.id,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          filename: 'Памятка "для" родителей.pdf',
          content_type: 'application/pdf',
          size_bytes: bytes.length,
          data: bytes,
          created_at: offsetAt,
          created_by: `user:${uuidv7()}`,
        })
        .execute();
      await db
        .insertInto('recommendation_version_attachments')
        .values({ version_id: versionId, attachment_id: attachmentId, position: 1 })
        .execute();
      const file = await db
        .selectFrom('attachments')
        .innerJoin(
          'recommendation_version_attachments',
          'recommendation_version_attachments.attachment_id',
          'attachments.id',
        )
        .select(['data', 'filename', 'created_at', 'position'])
        .where('version_id', '=', versionId)
        .executeTakeFirstOrThrow();
      expect(Buffer.compare(file.data, bytes)).toBe(0);
      expect(file).toMatchObject({
        filename: 'Памятка "для" родителей.pdf',
        created_at: new Date(offsetAt),
        position: 1,
      });
      trip('attachments', 'created_at');

      await db
        .insertInto('approval_events')
        .values({
          id: uuidv7(),
          org_id: child.id,
          subject_kind: 'recommendation_version',
          subject_id: versionId,
          action: 'approved',
          actor: `key:${uuidv7()}`,
          person: `user:${uuidv7()}`,
          detail: JSON.stringify({ recommendationId, version: 1, comment: 'Đúng "quy định"' }),
          at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('approval_events')
          .select(['detail', 'at'])
          .where('subject_id', '=', versionId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        detail: { recommendationId, version: 1, comment: 'Đúng "quy định"' },
        at: new Date(offsetAt),
      });
      trip('approval_events', 'detail', 'at');

      const campaignId = uuidv7();
      await db
        .insertInto('campaigns')
        .values({
          id: campaignId,
          org_id: child.id,
          title: JSON.stringify({ ru: AWKWARD_TEXT[0] }),
          description: null,
          starts_on: '2017-04-10',
          ends_on: '2017-04-21',
          time_zone: 'Asia/Almaty',
          partners: AWKWARD_TEXT,
          status: 'draft',
          goal: JSON.stringify({ kk: AWKWARD_TEXT[4] }),
          targets: JSON.stringify([{ key: 't1', title: { vi: AWKWARD_TEXT[5] } }]),
          document: JSON.stringify({ number: '160/KH-UBND', date: '2022-08-16' }),
          updated_at: offsetAt,
          created_at: at,
        })
        .execute();
      await db
        .insertInto('campaign_phases')
        .values({
          campaign_id: campaignId,
          key: 'main',
          position: 0,
          title: JSON.stringify({ ru: AWKWARD_TEXT[1] }),
          starts_on: '2017-04-10',
          ends_on: '2017-04-21',
        })
        .execute();
      const phase = await db
        .selectFrom('campaign_phases')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .executeTakeFirstOrThrow();
      expect(phase.title).toEqual({ ru: AWKWARD_TEXT[1] });
      trip('campaign_phases', 'title');
      const campaign = await db
        .selectFrom('campaigns')
        .selectAll()
        .where('id', '=', campaignId)
        .executeTakeFirstOrThrow();
      expect(campaign.partners).toEqual(AWKWARD_TEXT);
      expect(campaign.title).toEqual({ ru: AWKWARD_TEXT[0] });
      expect(campaign.goal).toEqual({ kk: AWKWARD_TEXT[4] });
      expect(campaign.targets).toEqual([{ key: 't1', title: { vi: AWKWARD_TEXT[5] } }]);
      expect(campaign.document).toEqual({ number: '160/KH-UBND', date: '2022-08-16' });
      expect(campaign.updated_at).toEqual(new Date(offsetAt));
      expect(campaign.description).toBeNull();
      expect(campaign.created_at).toEqual(at);
      trip(
        'campaigns',
        'partners',
        'title',
        'goal',
        'targets',
        'document',
        'created_at',
        'updated_at',
      );

      await db
        .insertInto('plan_sections')
        .values({
          campaign_id: campaignId,
          key: 's',
          position: 0,
          title: JSON.stringify({ vi: AWKWARD_TEXT[2] }),
        })
        .execute();
      const deadline = { kind: 'recurring', rrule: 'FREQ=MONTHLY;BYMONTHDAY=25' } as const;
      await db
        .insertInto('plan_items')
        .values({
          campaign_id: campaignId,
          key: '12a',
          section_key: 's',
          position: 0,
          number: '12.',
          title: JSON.stringify({ ru: AWKWARD_TEXT[3] }),
          completion_form: 'info-to-ministry',
          deadline: JSON.stringify(deadline),
          due_dates: ['2017-04-25', '2017-05-25'],
          phase_key: 'main',
        })
        .execute();
      const planItem = await db
        .selectFrom('plan_items')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .executeTakeFirstOrThrow();
      expect(planItem).toMatchObject({
        title: { ru: AWKWARD_TEXT[3] },
        deadline,
        due_dates: ['2017-04-25', '2017-05-25'],
      });
      const section = await db
        .selectFrom('plan_sections')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .executeTakeFirstOrThrow();
      expect(section.title).toEqual({ vi: AWKWARD_TEXT[2] });
      trip('plan_sections', 'title');
      trip('plan_items', 'title', 'deadline', 'due_dates');
      await db
        .insertInto('plan_assignments')
        .values({
          campaign_id: campaignId,
          item_key: '12a',
          org_id: child.id,
          by_agreement: false,
          status: 'done',
          done_at: offsetAt,
          updated_at: at,
          updated_by: 'key:x',
        })
        .execute();
      const pair = await db
        .selectFrom('plan_assignments')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .executeTakeFirstOrThrow();
      expect(pair).toMatchObject({ done_at: new Date(offsetAt), updated_at: at });
      trip('plan_assignments', 'done_at', 'updated_at');

      await db
        .insertInto('campaign_reminders')
        .values({
          campaign_id: campaignId,
          key: 'deadlines',
          position: 0,
          items: JSON.stringify(['12a']),
          days_before: [3, 0],
          time: '10:00',
          roles: ['school_head'],
          channels: ['whatsapp', 'sms'],
          digest: true,
          updated_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('campaign_reminders')
          .select(['items', 'days_before', 'roles', 'channels', 'updated_at'])
          .where('campaign_id', '=', campaignId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        items: ['12a'],
        days_before: [3, 0],
        roles: ['school_head'],
        channels: ['whatsapp', 'sms'],
        updated_at: new Date(offsetAt),
      });
      trip('campaign_reminders', 'items', 'days_before', 'roles', 'channels', 'updated_at');
      await db
        .insertInto('reminder_firings')
        .values({
          campaign_id: campaignId,
          reminder_key: 'deadlines',
          item_key: '12a',
          org_id: child.id,
          occurrence_key: '2017-04-25/3d@Asia/Almaty',
          due_at: offsetAt,
          fired_at: at,
          broadcast_id: null,
        })
        .execute();
      expect(
        await db
          .selectFrom('reminder_firings')
          .select(['due_at', 'fired_at'])
          .where('campaign_id', '=', campaignId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ due_at: new Date(offsetAt), fired_at: at });
      trip('reminder_firings', 'due_at', 'fired_at');
      await db
        .insertInto('plan_escalations')
        .values({
          campaign_id: campaignId,
          item_key: '12a',
          org_id: child.id,
          due_date: '2017-04-25',
          escalated_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('plan_escalations')
          .select('escalated_at')
          .where('campaign_id', '=', campaignId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ escalated_at: new Date(offsetAt) });
      trip('plan_escalations', 'escalated_at');

      const content = { recommendationId };
      const variables = { hotline: '111', quoted: 'say "hi" \\ {{not a var}}' };
      const broadcastId = uuidv7();
      // An estimate (migration 039): exact decimal strings stay strings, digits and all.
      const estimatedCost = {
        currency: 'KZT',
        byChannel: { sms: '72.50000', whatsapp: '0.1' },
        total: '72.60000',
        unpriced: [{ channel: 'sms', country: null, recipients: 1 }],
      };
      await db
        .insertInto('broadcasts')
        .values({
          id: broadcastId,
          org_id: child.id,
          campaign_id: campaignId,
          segment_id: segmentId,
          segment_query: JSON.stringify(query),
          channels: ['whatsapp', 'sms', 'email'],
          content: JSON.stringify(content),
          variables: JSON.stringify(variables),
          send_at: offsetAt,
          status: 'scheduled',
          expand_cursor: contactId,
          expanded: false,
          created_at: at,
          updated_at: at,
          estimated_cost: JSON.stringify(estimatedCost),
        })
        .execute();
      const broadcast = await db
        .selectFrom('broadcasts')
        .selectAll()
        .where('id', '=', broadcastId)
        .executeTakeFirstOrThrow();
      expect(broadcast).toMatchObject({
        segment_query: query,
        channels: ['whatsapp', 'sms', 'email'],
        content,
        variables,
        send_at: new Date(offsetAt),
        expand_cursor: contactId,
        expanded: false,
        estimated_cost: estimatedCost,
      });
      expect(broadcast).toMatchObject({ created_at: at, updated_at: at });
      trip(
        'broadcasts',
        'segment_query',
        'channels',
        'content',
        'variables',
        'send_at',
        'created_at',
        'updated_at',
        'estimated_cost',
      );

      // Send approval (migration 037): a broadcast's approved terms, an organisation's threshold.
      const approvedTerms = {
        contentVersionId: null,
        segmentId,
        segmentHash: 'sha256:00ff',
        channels: ['whatsapp', 'sms'],
        audience: 166,
        approvedAt: offsetAt,
        note: AWKWARD_TEXT,
      };
      await db
        .updateTable('broadcasts')
        .set({ approved_terms: JSON.stringify(approvedTerms), requested_by: `user:${org.id}` })
        .where('id', '=', broadcastId)
        .execute();
      expect(
        await db
          .selectFrom('broadcasts')
          .select(['approved_terms', 'requested_by'])
          .where('id', '=', broadcastId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ approved_terms: approvedTerms, requested_by: `user:${org.id}` });
      trip('broadcasts', 'approved_terms');
      await db
        .insertInto('send_approval_thresholds')
        .values({ org_id: child.id, threshold: 1000, updated_at: offsetAt })
        .execute();
      expect(
        await db
          .selectFrom('send_approval_thresholds')
          .selectAll()
          .where('org_id', '=', child.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ org_id: child.id, threshold: 1000, updated_at: new Date(offsetAt) });
      trip('send_approval_thresholds', 'updated_at');

      // The campaign calendar (migration 021): an announcement and an occurrence it fired.
      const announcementId = uuidv7();
      const schedule = {
        when: { kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAY=MO', time: '09:00' },
        zone: 'recipient',
      } as const;
      await db
        .insertInto('campaign_announcements')
        .values({
          id: announcementId,
          campaign_id: campaignId,
          key: 'weekly',
          position: 0,
          title: JSON.stringify({ kk: AWKWARD_TEXT[2] }),
          content: JSON.stringify({ text: { ru: AWKWARD_TEXT[3] } }),
          segment_id: segmentId,
          channels: ['whatsapp', 'sms'],
          fallback_after_seconds: null,
          urgent: false,
          schedule: JSON.stringify(schedule),
          version: 1,
          version_since: offsetAt,
          created_at: at,
          updated_at: at,
        })
        .execute();
      const announcement = await db
        .selectFrom('campaign_announcements')
        .selectAll()
        .where('id', '=', announcementId)
        .executeTakeFirstOrThrow();
      expect(announcement).toMatchObject({
        title: { kk: AWKWARD_TEXT[2] },
        content: { text: { ru: AWKWARD_TEXT[3] } },
        channels: ['whatsapp', 'sms'],
        schedule,
        version_since: new Date(offsetAt),
        created_at: at,
        updated_at: at,
      });
      trip(
        'campaign_announcements',
        'title',
        'content',
        'channels',
        'schedule',
        'version_since',
        'created_at',
        'updated_at',
      );
      await db
        .insertInto('announcement_occurrences')
        .values({
          announcement_id: announcementId,
          occurrence_key: '2017-04-10T09:00@Asia/Almaty',
          version: 1,
          campaign_id: campaignId,
          due_at: offsetAt,
          zone: 'Asia/Almaty',
          state: 'fired',
          broadcast_id: broadcastId,
          recorded_at: at,
        })
        .execute();
      const occurrence = await db
        .selectFrom('announcement_occurrences')
        .selectAll()
        .where('announcement_id', '=', announcementId)
        .executeTakeFirstOrThrow();
      expect(occurrence).toMatchObject({ due_at: new Date(offsetAt), recorded_at: at });
      trip('announcement_occurrences', 'due_at', 'recorded_at');

      // Results reports (migration 025): a form, its assignee, a submission, its version and
      // an exception, each JSON and time column read back as written.
      const formId = uuidv7();
      const fields = [
        { key: 'assemblies', type: 'count', label: { ru: AWKWARD_TEXT[0] }, required: true },
        {
          key: 'media',
          type: 'group',
          label: { ru: 'Освещение в СМИ' },
          required: false,
          maxRows: 200,
          fields: [
            { key: 'outlet', type: 'text', label: { ru: 'СМИ' }, required: true, maxLength: 200 },
          ],
        },
      ];
      const reportSchedule = {
        kind: 'once',
        startsOn: '2017-04-10',
        endsOn: '2017-04-21',
        dueOn: '2017-04-25',
        locksOn: '2017-04-30',
      };
      await db
        .insertInto('report_forms')
        .values({
          id: formId,
          org_id: child.id,
          key: 'results',
          campaign_id: campaignId,
          title: JSON.stringify({ ru: AWKWARD_TEXT[1] }),
          description: JSON.stringify({ vi: AWKWARD_TEXT[5] }),
          fields: JSON.stringify(fields),
          schedule: JSON.stringify(reportSchedule),
          created_at: at,
          updated_at: offsetAt,
        })
        .execute();
      const form = await db
        .selectFrom('report_forms')
        .selectAll()
        .where('id', '=', formId)
        .executeTakeFirstOrThrow();
      expect(form).toMatchObject({
        title: { ru: AWKWARD_TEXT[1] },
        description: { vi: AWKWARD_TEXT[5] },
        fields,
        schedule: reportSchedule,
        created_at: at,
        updated_at: new Date(offsetAt),
      });
      trip(
        'report_forms',
        'title',
        'description',
        'fields',
        'schedule',
        'created_at',
        'updated_at',
      );
      await db
        .insertInto('report_assignees')
        .values({
          form_id: formId,
          position: 0,
          org_id: null,
          all_of: 'province',
          under_org_id: org.id,
        })
        .execute();
      const submissionId = uuidv7();
      const values = { assemblies: 212, media: [{ outlet: AWKWARD_TEXT[2] }] };
      const by = { kind: 'key', id: uuidv7() } as const;
      await db
        .insertInto('report_submissions')
        .values({
          id: submissionId,
          form_id: formId,
          period_key: 'once',
          org_id: child.id,
          state: 'submitted',
          values: JSON.stringify(values),
          version: 1,
          first_submitted_at: offsetAt,
          submitted_at: at,
          on_time: true,
          updated_at: at,
          updated_by: JSON.stringify(by),
        })
        .execute();
      const submission = await db
        .selectFrom('report_submissions')
        .selectAll()
        .where('id', '=', submissionId)
        .executeTakeFirstOrThrow();
      expect(submission).toMatchObject({
        values,
        first_submitted_at: new Date(offsetAt),
        submitted_at: at,
        updated_at: at,
        updated_by: by,
      });
      trip(
        'report_submissions',
        'values',
        'first_submitted_at',
        'submitted_at',
        'updated_at',
        'updated_by',
      );
      await db
        .insertInto('report_submission_versions')
        .values({
          submission_id: submissionId,
          version: 1,
          state: 'submitted',
          values: JSON.stringify(values),
          changed: ['assemblies', 'media'],
          comment: AWKWARD_TEXT[3] ?? null,
          at: offsetAt,
          by: JSON.stringify(by),
        })
        .execute();
      const version = await db
        .selectFrom('report_submission_versions')
        .selectAll()
        .where('submission_id', '=', submissionId)
        .executeTakeFirstOrThrow();
      expect(version).toMatchObject({
        values,
        changed: ['assemblies', 'media'],
        at: new Date(offsetAt),
        by,
      });
      trip('report_submission_versions', 'values', 'changed', 'at', 'by');
      await db
        .insertInto('report_exceptions')
        .values({
          form_id: formId,
          period_key: 'once',
          org_id: child.id,
          until: offsetAt,
          granted_at: at,
          granted_by: JSON.stringify(by),
        })
        .execute();
      const exception = await db
        .selectFrom('report_exceptions')
        .selectAll()
        .where('form_id', '=', formId)
        .executeTakeFirstOrThrow();
      expect(exception).toMatchObject({
        until: new Date(offsetAt),
        granted_at: at,
        granted_by: by,
      });
      trip('report_exceptions', 'until', 'granted_at', 'granted_by');
      const linkId = uuidv7();
      await db
        .insertInto('report_links')
        .values({
          id: linkId,
          form_id: formId,
          period_key: 'once',
          org_id: child.id,
          contact_id: null,
          language: 'vi',
          created_at: at,
          created_by: JSON.stringify(by),
          expires_at: offsetAt,
          revoked_at: offsetAt,
          revoked_by: JSON.stringify(by),
          last_used_at: at,
        })
        .execute();
      const link = await db
        .selectFrom('report_links')
        .selectAll()
        .where('id', '=', linkId)
        .executeTakeFirstOrThrow();
      expect(link).toMatchObject({
        created_at: at,
        created_by: by,
        expires_at: new Date(offsetAt),
        revoked_at: new Date(offsetAt),
        revoked_by: by,
        last_used_at: at,
      });
      trip(
        'report_links',
        'created_at',
        'created_by',
        'expires_at',
        'revoked_at',
        'revoked_by',
        'last_used_at',
      );

      // Approval and the audit log (migration 028): the form's approval levels, an approval,
      // and an audit line, read back as written.
      await db
        .updateTable('report_forms')
        .set({ approval_levels: JSON.stringify(['district', 'province']) })
        .where('id', '=', formId)
        .execute();
      const levels = await db
        .selectFrom('report_forms')
        .select('approval_levels')
        .where('id', '=', formId)
        .executeTakeFirstOrThrow();
      expect(levels.approval_levels).toEqual(['district', 'province']);
      trip('report_forms', 'approval_levels');
      await db
        .insertInto('report_approvals')
        .values({
          form_id: formId,
          period_key: 'once',
          org_id: child.id,
          approved_at: offsetAt,
          approved_by: JSON.stringify(by),
        })
        .execute();
      const approval = await db
        .selectFrom('report_approvals')
        .selectAll()
        .where('form_id', '=', formId)
        .executeTakeFirstOrThrow();
      expect(approval).toMatchObject({ approved_at: new Date(offsetAt), approved_by: by });
      trip('report_approvals', 'approved_at', 'approved_by');
      const auditId = uuidv7();
      const auditDetail = { version: 2, comment: AWKWARD_TEXT[4], changed: ['assemblies'] };
      await db
        .insertInto('report_audit')
        .values({
          id: auditId,
          form_id: formId,
          period_key: 'once',
          org_id: child.id,
          action: 'returned',
          actor: JSON.stringify(by),
          at: offsetAt,
          detail: JSON.stringify(auditDetail),
        })
        .execute();
      const audit = await db
        .selectFrom('report_audit')
        .selectAll()
        .where('id', '=', auditId)
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actor: by, at: new Date(offsetAt), detail: auditDetail });
      trip('report_audit', 'actor', 'at', 'detail');

      // Nudges (migration 029): the form's nudge rules, and a digest's firing row naming the
      // child to its parent, read back as written.
      const nudges = { before: [7, 1], time: '10:00', channels: ['sms'], after: [1] };
      await db
        .updateTable('report_forms')
        .set({ nudges: JSON.stringify(nudges) })
        .where('id', '=', formId)
        .execute();
      const withNudges = await db
        .selectFrom('report_forms')
        .select('nudges')
        .where('id', '=', formId)
        .executeTakeFirstOrThrow();
      expect(withNudges.nudges).toEqual(nudges);
      trip('report_forms', 'nudges');
      await db
        .insertInto('report_nudges_fired')
        .values({
          form_id: formId,
          period_key: 'once',
          org_id: child.id,
          kind: 'after',
          offset_days: 1,
          parent_id: org.id,
          fired_at: offsetAt,
          broadcast_id: null,
        })
        .execute();
      const fired = await db
        .selectFrom('report_nudges_fired')
        .selectAll()
        .where('form_id', '=', formId)
        .executeTakeFirstOrThrow();
      expect(fired).toMatchObject({
        fired_at: new Date(offsetAt),
        parent_id: org.id,
        offset_days: 1,
      });
      trip('report_nudges_fired', 'fired_at');
      const formNonce = `contract nonce ${org.id}`;
      await db
        .insertInto('case_form_nonces')
        .values({ nonce: formNonce, expires_at: offsetAt })
        .execute();
      const spent = await db
        .selectFrom('case_form_nonces')
        .selectAll()
        .where('nonce', '=', formNonce)
        .executeTakeFirstOrThrow();
      expect(spent.expires_at).toEqual(new Date(offsetAt));
      trip('case_form_nonces', 'expires_at');

      // A Telegram intake draft: its JSON (Cyrillic, a link with a query) and its times.
      const draft = {
        links: ['https://www.tiktok.com/@user/video/7301?lang=kk'],
        category: 'violence' as const,
        description: 'Төбелес "мектеп" \\ №12',
      };
      await db
        .insertInto('telegram_intake')
        .values({
          chat_hash: 'contract-chat',
          language: 'kk',
          step: 'platform',
          draft: JSON.stringify(draft),
          updated_at: at,
          expires_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('telegram_intake')
          .select(['draft', 'updated_at', 'expires_at'])
          .where('chat_hash', '=', 'contract-chat')
          .executeTakeFirstOrThrow(),
      ).toEqual({ draft, updated_at: at, expires_at: new Date(offsetAt) });
      trip('telegram_intake', 'draft', 'updated_at', 'expires_at');

      // A contact's Telegram deep link, opened: its times.
      const telegramLinkId = uuidv7();
      await db
        .insertInto('telegram_links')
        .values({
          id: telegramLinkId,
          contact_id: contactId,
          org_id: child.id,
          created_at: at,
          expires_at: offsetAt,
          used_at: offsetAt,
          chat_hash: 'contract-chat',
        })
        .execute();
      expect(
        await db
          .selectFrom('telegram_links')
          .select(['created_at', 'expires_at', 'used_at'])
          .where('id', '=', telegramLinkId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ created_at: at, expires_at: new Date(offsetAt), used_at: new Date(offsetAt) });
      trip('telegram_links', 'created_at', 'expires_at', 'used_at');

      // A Zalo app's token pair: when it expires, when it was stored.
      await db
        .insertInto('zalo_tokens')
        .values({
          app_id: `contract-${org.id}`,
          access_token: 'contract-access',
          refresh_token: 'contract-refresh',
          expires_at: offsetAt,
          updated_at: at,
        })
        .execute();
      expect(
        await db
          .selectFrom('zalo_tokens')
          .select(['expires_at', 'updated_at'])
          .where('app_id', '=', `contract-${org.id}`)
          .executeTakeFirstOrThrow(),
      ).toEqual({ expires_at: new Date(offsetAt), updated_at: at });
      trip('zalo_tokens', 'expires_at', 'updated_at');

      // A Telegram channel connected with a link, and a post to it: Telegram's 64-bit chat
      // id, a Kazakh title, JSON content, and every time column.
      const chatLinkId = uuidv7();
      const bigChatId = '-1009007199254740993';
      await db
        .insertInto('telegram_chat_links')
        .values({
          id: chatLinkId,
          org_id: child.id,
          language: 'kk',
          created_at: at,
          expires_at: offsetAt,
          used_at: offsetAt,
          chat_id: bigChatId,
        })
        .execute();
      expect(
        await db
          .selectFrom('telegram_chat_links')
          .select(['created_at', 'expires_at', 'used_at', 'chat_id'])
          .where('id', '=', chatLinkId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        created_at: at,
        expires_at: new Date(offsetAt),
        used_at: new Date(offsetAt),
        chat_id: bigChatId,
      });
      trip('telegram_chat_links', 'created_at', 'expires_at', 'used_at');
      const chatRef = uuidv7();
      await db
        .insertInto('telegram_chats')
        .values({
          id: chatRef,
          org_id: child.id,
          chat_id: bigChatId,
          type: 'channel',
          title: 'Балаларды бірге қорғайық',
          username: null,
          language: 'kk',
          status: 'active',
          connected_at: at,
          updated_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('telegram_chats')
          .select(['chat_id', 'title', 'connected_at', 'updated_at'])
          .where('id', '=', chatRef)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        chat_id: bigChatId,
        title: 'Балаларды бірге қорғайық',
        connected_at: at,
        updated_at: new Date(offsetAt),
      });
      trip('telegram_chats', 'connected_at', 'updated_at');
      const postId = uuidv7();
      const postContent = { title: { kk: AWKWARD_TEXT[4] }, body: { kk: AWKWARD_TEXT.join('\n') } };
      await db
        .insertInto('telegram_posts')
        .values({
          id: postId,
          org_id: child.id,
          campaign_id: null,
          content: JSON.stringify(postContent),
          content_version_id: null,
          content_version: null,
          variables: JSON.stringify({ hotline: '111' }),
          send_at: offsetAt,
          status: 'completed',
          created_at: at,
          updated_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('telegram_posts')
          .select(['content', 'variables', 'send_at', 'created_at', 'updated_at'])
          .where('id', '=', postId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        content: postContent,
        variables: { hotline: '111' },
        send_at: new Date(offsetAt),
        created_at: at,
        updated_at: new Date(offsetAt),
      });
      trip('telegram_posts', 'content', 'variables', 'send_at', 'created_at', 'updated_at');
      await db
        .insertInto('telegram_post_targets')
        .values({
          post_id: postId,
          chat_ref: chatRef,
          status: 'posted',
          language: 'kk',
          next_attempt_at: offsetAt,
          claimed_at: at,
          posted_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('telegram_post_targets')
          .select(['next_attempt_at', 'claimed_at', 'posted_at'])
          .where('post_id', '=', postId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        next_attempt_at: new Date(offsetAt),
        claimed_at: at,
        posted_at: new Date(offsetAt),
      });
      trip('telegram_post_targets', 'next_attempt_at', 'claimed_at', 'posted_at');

      // A case, its report, link, referral, settings and audit entry: JSON in Kazakh and
      // Vietnamese, arrays, and every time column.
      const caseId = uuidv7();
      await db
        .insertInto('cases')
        .values({
          id: caseId,
          number: `C-contract-${caseId}`,
          org_id: child.id,
          intake_org_id: org.id,
          concerned_org_id: child.id,
          excluded_org_id: null,
          state: 'resolved',
          severity: 'critical',
          category: 'grooming',
          platform: 'telegram',
          report_count: 1,
          acknowledge_by: at,
          resolve_by: offsetAt,
          acknowledged_at: at,
          closed_at: new Date(offsetAt),
          created_at: at,
          updated_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('cases')
          .select([
            'acknowledge_by',
            'resolve_by',
            'acknowledged_at',
            'closed_at',
            'created_at',
            'updated_at',
          ])
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        acknowledge_by: at,
        resolve_by: new Date(offsetAt),
        acknowledged_at: at,
        closed_at: new Date(offsetAt),
        created_at: at,
        updated_at: new Date(offsetAt),
      });
      trip(
        'cases',
        'acknowledge_by',
        'resolve_by',
        'acknowledged_at',
        'closed_at',
        'created_at',
        'updated_at',
      );
      const reportLinks = [
        'https://www.tiktok.com/@user/video/7301',
        'https://zalo.me/g/abc?x="1"',
      ];
      const reporterContact = { name: 'Айгүл "Серікқызы"', email: 'a@example.kz' };
      const feedback = { kind: 'telegram' as const, chatId: 424242001 };
      await db
        .insertInto('case_reports')
        .values({
          id: uuidv7(),
          case_id: caseId,
          reference: `R-contract-${caseId}`,
          source: 'telegram',
          category: 'grooming',
          platform: 'telegram',
          description: 'Học sinh bị dụ dỗ \\ "nhắn tin riêng"',
          language: 'vi',
          place: null,
          links: JSON.stringify(reportLinks),
          reporter_hash: 'contract-hash',
          contact: JSON.stringify(reporterContact),
          feedback: JSON.stringify(feedback),
          received_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('case_reports')
          .select(['links', 'contact', 'feedback', 'received_at'])
          .where('case_id', '=', caseId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        links: reportLinks,
        contact: reporterContact,
        feedback,
        received_at: new Date(offsetAt),
      });
      trip('case_reports', 'links', 'contact', 'feedback', 'received_at');
      await db
        .insertInto('case_referrals')
        .values({
          id: uuidv7(),
          case_id: caseId,
          target: 'police',
          recipient: 'Cybercrime unit',
          summary: 'Сілтеме',
          sent_at: at,
          answer: 'Removed',
          answered_at: new Date(offsetAt),
          created_by: null,
        })
        .execute();
      expect(
        await db
          .selectFrom('case_referrals')
          .select(['sent_at', 'answered_at'])
          .where('case_id', '=', caseId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ sent_at: at, answered_at: new Date(offsetAt) });
      trip('case_referrals', 'sent_at', 'answered_at');
      const categories = ['staff_misconduct', 'bullying'];
      await db
        .insertInto('case_routing_rules')
        .values({
          id: uuidv7(),
          org_id: org.id,
          position: 0,
          scope_org_id: child.id,
          categories: JSON.stringify(categories),
          target_org_id: child.id,
        })
        .execute();
      expect(
        await db
          .selectFrom('case_routing_rules')
          .select('categories')
          .where('org_id', '=', org.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ categories });
      trip('case_routing_rules', 'categories');
      const times = {
        critical: { acknowledgeMinutes: 15, resolveMinutes: 1440 },
        high: { acknowledgeMinutes: 60, resolveMinutes: 4320 },
        normal: { acknowledgeMinutes: 1440, resolveMinutes: 10080 },
        low: { acknowledgeMinutes: 4320, resolveMinutes: 43200 },
      };
      await db
        .insertInto('case_response_times')
        .values({ org_id: child.id, times: JSON.stringify(times), updated_at: offsetAt })
        .execute();
      expect(
        await db
          .selectFrom('case_response_times')
          .select(['times', 'updated_at'])
          .where('org_id', '=', child.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ times, updated_at: new Date(offsetAt) });
      trip('case_response_times', 'times', 'updated_at');
      const caseAuditDetail = { from: 'new', to: 'triaged', reason: 'Đã xác minh "video"' };
      await db
        .insertInto('case_audit')
        .values({
          case_id: caseId,
          org_id: child.id,
          at: offsetAt,
          actor: null,
          action: 'case.triage',
          detail: JSON.stringify(caseAuditDetail),
          prev_hash: '0'.repeat(64),
          hash: 'f'.repeat(64),
        })
        .execute();
      expect(
        await db
          .selectFrom('case_audit')
          .select(['at', 'detail'])
          .where('case_id', '=', caseId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ at: new Date(offsetAt), detail: caseAuditDetail });
      trip('case_audit', 'at', 'detail');

      // An erasure record: its time.
      const erasureId = uuidv7();
      await db
        .insertInto('contact_erasures')
        .values({
          id: erasureId,
          org_id: child.id,
          contact_id: uuidv7(),
          actor_kind: 'key',
          actor_id: uuidv7(),
          rows_scrubbed: 3,
          erased_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('contact_erasures')
          .select(['rows_scrubbed', 'erased_at'])
          .where('id', '=', erasureId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ rows_scrubbed: 3, erased_at: new Date(offsetAt) });
      trip('contact_erasures', 'erased_at');

      // The hotline directory (migration 038), and a broadcast's signposting.
      const hotlineId = uuidv7();
      const hotlineName = { vi: 'Đường dây nóng bảo vệ, chăm sóc trẻ em tỉnh Đắk Lắk' };
      await db
        .insertInto('hotlines')
        .values({
          id: hotlineId,
          org_id: child.id,
          number: '02623.951.567',
          e164: null,
          name: JSON.stringify(hotlineName),
          purposes: ['child_protection', 'anonymous_consultation'],
          languages: ['vi', 'en'],
          hours: null,
          serves: [child.id, org.id],
          created_at: at,
          updated_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('hotlines')
          .selectAll()
          .where('id', '=', hotlineId)
          .executeTakeFirstOrThrow(),
      ).toMatchObject({
        name: hotlineName,
        purposes: ['child_protection', 'anonymous_consultation'],
        languages: ['vi', 'en'],
        serves: [child.id, org.id],
        created_at: at,
        updated_at: new Date(offsetAt),
      });
      trip('hotlines', 'name', 'purposes', 'languages', 'serves', 'created_at', 'updated_at');
      const signposting = { enabled: true, purposes: ['child_protection'] as const };
      await db
        .updateTable('broadcasts')
        .set({ signposting: JSON.stringify(signposting) })
        .where('id', '=', broadcastId)
        .execute();
      expect(
        await db
          .selectFrom('broadcasts')
          .select('signposting')
          .where('id', '=', broadcastId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ signposting });
      trip('broadcasts', 'signposting');

      const delivery = newDelivery(broadcastId, child.id, contactId, 'email');
      await db.insertInto('deliveries').values(delivery).execute();
      const outboxId = uuidv7();
      await db
        .insertInto('outbox_messages')
        .values({
          id: outboxId,
          org_id: child.id,
          delivery_id: delivery.id,
          channel: 'email',
          recipient: 'ana@example.kz',
          language: 'kk',
          subject: 'Жадынама',
          body: 'Сенім телефоны: 111',
          created_at: at,
        })
        .execute();
      const outbox = await db
        .selectFrom('outbox_messages')
        .innerJoin('deliveries', 'deliveries.id', 'outbox_messages.delivery_id')
        .select([
          'outbox_messages.body',
          'outbox_messages.created_at',
          'deliveries.attempts',
          'deliveries.reason',
          'deliveries.created_at as delivery_created_at',
        ])
        .where('outbox_messages.id', '=', outboxId)
        .executeTakeFirstOrThrow();
      expect(outbox).toEqual({
        body: 'Сенім телефоны: 111',
        created_at: at,
        attempts: 0,
        reason: null,
        delivery_created_at: delivery.created_at,
      });
      trip('outbox_messages', 'created_at');
      await db
        .updateTable('deliveries')
        .set({ fallback_at: offsetAt, receipt_due_at: at, deferred_until: offsetAt })
        .where('id', '=', delivery.id)
        .execute();
      expect(
        await db
          .selectFrom('deliveries')
          .select(['created_at', 'updated_at', 'fallback_at', 'receipt_due_at', 'deferred_until'])
          .where('id', '=', delivery.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        created_at: delivery.created_at,
        updated_at: delivery.updated_at,
        fallback_at: new Date(offsetAt),
        receipt_due_at: at,
        deferred_until: new Date(offsetAt),
      });
      trip(
        'deliveries',
        'created_at',
        'updated_at',
        'fallback_at',
        'receipt_due_at',
        'deferred_until',
      );
      // Reported prices (migration 039): Twilio's price as it wrote it, WhatsApp's pricing.
      const pricing = {
        billable: true,
        pricingModel: 'PMP',
        category: 'marketing',
        type: 'regular',
      };
      await db
        .updateTable('deliveries')
        .set({ price: '-0.14500', price_unit: 'USD', pricing: JSON.stringify(pricing) })
        .where('id', '=', delivery.id)
        .execute();
      expect(
        await db
          .selectFrom('deliveries')
          .select(['price', 'price_unit', 'pricing'])
          .where('id', '=', delivery.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ price: '-0.14500', price_unit: 'USD', pricing });
      trip('deliveries', 'pricing');
      // An organisation's price table (migration 039).
      const prices = {
        currency: 'USD',
        sms: { KZ: '0.0725', '*': '0.09' },
        whatsappCategory: 'utility',
      };
      await db
        .insertInto('organisation_prices')
        .values({ org_id: child.id, prices: JSON.stringify(prices), updated_at: offsetAt })
        .execute();
      expect(
        await db
          .selectFrom('organisation_prices')
          .select(['prices', 'updated_at'])
          .where('org_id', '=', child.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ prices, updated_at: new Date(offsetAt) });
      trip('organisation_prices', 'prices', 'updated_at');
      // A contact import, its staged row and the saved mapping (migration 041).
      const importId = uuidv7();
      const importColumns = [{ header: 'Телефон нөмірі', field: 'phone', source: 'guessed' }];
      const importConsent = {
        basis: 'consent',
        channels: ['sms'],
        source: 'жиналыс',
        at: offsetAt,
      };
      const importCounts = { rows: 1, valid: 1, rejected: 0, created: 1, updated: 0, unchanged: 0 };
      await db
        .insertInto('contact_imports')
        .values({
          id: importId,
          org_id: child.id,
          org_path: child.path,
          file_name: 'ата-аналар.csv',
          format: 'csv',
          encoding: 'windows-1251',
          delimiter: ';',
          columns: JSON.stringify(importColumns),
          key: 'phone',
          mode: 'dry_run',
          consent: JSON.stringify(importConsent),
          status: 'validated',
          counts: JSON.stringify(importCounts),
          created_by: `key:${apiKeyId}`,
          created_at: offsetAt,
          finished_at: at,
        })
        .execute();
      expect(
        await db
          .selectFrom('contact_imports')
          .select(['org_path', 'columns', 'consent', 'counts', 'created_at', 'finished_at'])
          .where('id', '=', importId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        org_path: child.path,
        columns: importColumns,
        consent: importConsent,
        counts: importCounts,
        created_at: new Date(offsetAt),
        finished_at: at,
      });
      trip(
        'contact_imports',
        'org_path',
        'columns',
        'consent',
        'counts',
        'created_at',
        'finished_at',
      );
      const parsedRow = { role: 'parent', language: 'kk', addresses: { phone: '+77012345678' } };
      await db
        .insertInto('contact_import_rows')
        .values({
          import_id: importId,
          row: 2,
          cells: JSON.stringify(AWKWARD_TEXT),
          parsed: JSON.stringify(parsedRow),
        })
        .execute();
      expect(
        await db
          .selectFrom('contact_import_rows')
          .select(['cells', 'parsed', 'rejected'])
          .where('import_id', '=', importId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ cells: AWKWARD_TEXT, parsed: parsedRow, rejected: false });
      trip('contact_import_rows', 'cells', 'parsed');
      const savedImportMapping = { 'Телефон нөмірі': 'phone', 'Ngày sinh': null };
      await db
        .insertInto('contact_import_mappings')
        .values({ org_id: child.id, mapping: JSON.stringify(savedImportMapping), updated_at: at })
        .execute();
      expect(
        await db
          .selectFrom('contact_import_mappings')
          .select(['mapping', 'updated_at'])
          .where('org_id', '=', child.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ mapping: savedImportMapping, updated_at: at });
      trip('contact_import_mappings', 'mapping', 'updated_at');
      // The history is written by the database's triggers (migration 015): the planning
      // only, as the update above moved neither status, attempts nor reason.
      expect(
        await db
          .selectFrom('delivery_events')
          .select(['status', 'previous_status', 'at'])
          .where('delivery_id', '=', delivery.id)
          .execute(),
      ).toEqual([{ status: delivery.status, previous_status: null, at: delivery.updated_at }]);
      trip('delivery_events', 'at');

      await db
        .insertInto('idempotency_keys')
        .values({
          actor_id: apiKeyId,
          key: 'contract-key',
          request_hash: 'abc',
          status_code: 202,
          response_body: JSON.stringify({ ok: 'Đắk Lắk' }),
          created_at: at,
        })
        .execute();
      const idempotency = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('actor_id', '=', apiKeyId)
        .executeTakeFirstOrThrow();
      expect(idempotency).toMatchObject({
        status_code: 202,
        response_body: '{"ok":"Đắk Lắk"}',
        created_at: at,
      });
      trip('idempotency_keys', 'created_at');

      // WhatsApp's pricing object, parked with its receipt (migration 039).
      const parkedPricing = {
        billable: false,
        pricingModel: 'PMP',
        category: 'service',
        type: 'free_customer_service',
      };
      await db
        .insertInto('pending_receipts')
        .values({
          channel: 'sms',
          provider_message_id: 'contract-receipt',
          status: 'failed',
          reason: 'opted_out',
          received_at: offsetAt,
          pricing: JSON.stringify(parkedPricing),
        })
        .execute();
      expect(
        await db
          .selectFrom('pending_receipts')
          .select(['reason', 'received_at', 'pricing'])
          .where('provider_message_id', '=', 'contract-receipt')
          .executeTakeFirstOrThrow(),
      ).toEqual({ reason: 'opted_out', received_at: new Date(offsetAt), pricing: parkedPricing });
      trip('pending_receipts', 'received_at', 'pricing');

      await db
        .insertInto('pacing')
        .values({ key: 'sms:contract', next_at: at, day: '2017-04-10', day_count: 3 })
        .execute();
      expect(
        await db
          .selectFrom('pacing')
          .selectAll()
          .where('key', '=', 'sms:contract')
          .executeTakeFirstOrThrow(),
      ).toEqual({ key: 'sms:contract', next_at: at, day: '2017-04-10', day_count: 3 });
      trip('pacing', 'next_at');

      await db
        .insertInto('inbound_events')
        .values({ channel: 'sms', provider_event_id: 'contract-event', received_at: offsetAt })
        .execute();
      expect(
        await db
          .selectFrom('inbound_events')
          .select('received_at')
          .where('provider_event_id', '=', 'contract-event')
          .executeTakeFirstOrThrow(),
      ).toEqual({ received_at: new Date(offsetAt) });
      trip('inbound_events', 'received_at');

      await db
        .insertInto('hub_secrets')
        .values({ name: 'contract-secret', value: 'sn_contract', created_at: at })
        .execute();
      expect(
        await db
          .selectFrom('hub_secrets')
          .selectAll()
          .where('name', '=', 'contract-secret')
          .executeTakeFirstOrThrow(),
      ).toEqual({ name: 'contract-secret', value: 'sn_contract', created_at: at });
      trip('hub_secrets', 'created_at');

      const event = {
        type: 'alert',
        orgId: child.id,
        at: offsetAt,
        data: { severity: 'info', code: 'contract', message: 'Đắk Lắk, Қазақстан' },
      };
      const logged = await db
        .insertInto('events')
        .values({ org_path: [org.id, child.id], type: 'alert', event: JSON.stringify(event) })
        .returning(['id', 'org_path', 'event', 'created_at'])
        .executeTakeFirstOrThrow();
      expect(logged.id).toMatch(/^\d+$/);
      expect(logged.org_path).toEqual([org.id, child.id]);
      expect(logged.event).toEqual(event);
      expect(logged.created_at).toBeInstanceOf(Date);
      trip('events', 'org_path', 'event', 'created_at');
      const endpointId = uuidv7();
      await db
        .insertInto('webhook_endpoints')
        .values({
          id: endpointId,
          org_id: child.id,
          url: 'https://reports.example.kz/hook?a=1&b="2"',
          event_types: ['alert', 'delivery.updated'],
          secret: 'whsec_contract',
          previous_secret: 'whsec_before',
          previous_secret_expires_at: offsetAt,
          created_at: at,
          updated_at: at,
        })
        .execute();
      expect(
        await db
          .selectFrom('webhook_endpoints')
          .select([
            'event_types',
            'enabled',
            'previous_secret_expires_at',
            'created_at',
            'updated_at',
          ])
          .where('id', '=', endpointId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        event_types: ['alert', 'delivery.updated'],
        enabled: true,
        previous_secret_expires_at: new Date(offsetAt),
        created_at: at,
        updated_at: at,
      });
      trip(
        'webhook_endpoints',
        'event_types',
        'previous_secret_expires_at',
        'created_at',
        'updated_at',
      );
      const messageId = uuidv7();
      await db
        .insertInto('webhook_messages')
        .values({
          id: messageId,
          endpoint_id: endpointId,
          event_id: 'contract-event',
          event_type: 'alert',
          body: JSON.stringify({ type: 'alert', data: { message: 'Đắk Lắk' } }),
          status: 'failing',
          next_attempt_at: offsetAt,
          last_attempt_at: at,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await db
        .insertInto('webhook_attempts')
        .values({
          id: uuidv7(),
          message_id: messageId,
          attempted_at: offsetAt,
          status_code: 503,
          response_excerpt: 'Ủy ban',
          duration_ms: 12,
          error: null,
        })
        .execute();
      expect(
        await db
          .selectFrom('webhook_messages')
          .innerJoin('webhook_attempts', 'webhook_attempts.message_id', 'webhook_messages.id')
          .select([
            'webhook_messages.next_attempt_at',
            'webhook_messages.last_attempt_at',
            'webhook_messages.created_at',
            'webhook_messages.updated_at',
            'webhook_attempts.attempted_at',
            'webhook_attempts.response_excerpt',
          ])
          .where('webhook_messages.id', '=', messageId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        next_attempt_at: new Date(offsetAt),
        last_attempt_at: at,
        created_at: at,
        updated_at: at,
        attempted_at: new Date(offsetAt),
        response_excerpt: 'Ủy ban',
      });
      trip('webhook_messages', 'next_attempt_at', 'last_attempt_at', 'created_at', 'updated_at');
      trip('webhook_attempts', 'attempted_at');

      await db
        .insertInto('channel_sessions')
        .values({
          key: 'whatsapp:contract',
          state: 'qr',
          qr: '2@contract',
          qr_data_url: null,
          detail: null,
          updated_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('channel_sessions')
          .select(['state', 'qr', 'updated_at'])
          .where('key', '=', 'whatsapp:contract')
          .executeTakeFirstOrThrow(),
      ).toEqual({ state: 'qr', qr: '2@contract', updated_at: new Date(offsetAt) });
      trip('channel_sessions', 'updated_at');

      const userId = uuidv7();
      await db
        .insertInto('users')
        .values({
          id: userId,
          org_id: child.id,
          email: `contract-${userId}@example.org`,
          name: AWKWARD_TEXT.join(' '),
          role: 'sender',
          language: 'vi',
          password_hash: '$scrypt$ln=14,r=8,p=1$c2FsdA$a2V5',
          created_at: at,
          last_sign_in_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('users')
          .select(['name', 'disabled', 'created_at', 'last_sign_in_at'])
          .where('id', '=', userId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        name: AWKWARD_TEXT.join(' '),
        disabled: false,
        created_at: at,
        last_sign_in_at: new Date(offsetAt),
      });
      trip('users', 'created_at', 'last_sign_in_at');

      await db
        .insertInto('user_sessions')
        .values({
          id: uuidv7(),
          user_id: userId,
          token_hash: randomBytes(32).toString('hex'),
          created_at: at,
          last_used_at: offsetAt,
          expires_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('user_sessions')
          .select(['created_at', 'last_used_at', 'expires_at'])
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        created_at: at,
        last_used_at: new Date(offsetAt),
        expires_at: new Date(offsetAt),
      });
      trip('user_sessions', 'created_at', 'last_used_at', 'expires_at');

      const invitationId = uuidv7();
      await db
        .insertInto('invitations')
        .values({
          id: invitationId,
          token_hash: randomBytes(32).toString('hex'),
          email: `invited-${userId}@example.org`,
          org_id: child.id,
          role: 'viewer',
          language: 'kk',
          invited_by_user_id: userId,
          created_at: at,
          expires_at: offsetAt,
          accepted_at: at,
        })
        .execute();
      expect(
        await db
          .selectFrom('invitations')
          .select(['first_admin', 'created_at', 'expires_at', 'accepted_at'])
          .where('id', '=', invitationId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        first_admin: false,
        created_at: at,
        expires_at: new Date(offsetAt),
        accepted_at: at,
      });
      trip('invitations', 'created_at', 'expires_at', 'accepted_at');

      await db
        .insertInto('password_resets')
        .values({
          id: uuidv7(),
          token_hash: randomBytes(32).toString('hex'),
          user_id: userId,
          created_at: at,
          expires_at: offsetAt,
          used_at: offsetAt,
        })
        .execute();
      expect(
        await db
          .selectFrom('password_resets')
          .select(['created_at', 'expires_at', 'used_at'])
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ created_at: at, expires_at: new Date(offsetAt), used_at: new Date(offsetAt) });
      trip('password_resets', 'created_at', 'expires_at', 'used_at');

      const account = `contract-${userId}@example.org`;
      await db
        .insertInto('sign_in_failures')
        .values({ account, ip: '::1', at: offsetAt })
        .execute();
      expect(
        await db
          .selectFrom('sign_in_failures')
          .select(['ip', 'at'])
          .where('account', '=', account)
          .executeTakeFirstOrThrow(),
      ).toEqual({ ip: '::1', at: new Date(offsetAt) });
      trip('sign_in_failures', 'at');

      const keyByUser = uuidv7();
      await db
        .insertInto('api_keys')
        .values({
          id: keyByUser,
          org_id: child.id,
          name: 'made by a person',
          scopes: ['read'],
          prefix: 'sn_person',
          secret_hash: randomBytes(32).toString('hex'),
          created_at: at,
          revoked_at: null,
          created_by_user_id: userId,
        })
        .execute();
      expect(
        await db
          .selectFrom('api_keys')
          .select('created_by_user_id')
          .where('id', '=', keyByUser)
          .executeTakeFirstOrThrow(),
      ).toEqual({ created_by_user_id: userId });

      expect([...tripped].sort()).toEqual(await convertedColumns(db, target.database.schema));
    });

    it('refuses a second delivery for the same broadcast, contact and channel', async () => {
      const db = hubDb(store);
      const broadcastId = await insertBroadcast(db, org.id);
      const contactId = uuidv7();
      await db
        .insertInto('deliveries')
        .values(newDelivery(broadcastId, org.id, contactId, 'email'))
        .execute();

      await expect(
        db
          .insertInto('deliveries')
          .values(newDelivery(broadcastId, org.id, contactId, 'email'))
          .execute(),
      ).rejects.toMatchObject({ code: '23505' });

      const ignored = await db
        .insertInto('deliveries')
        .values([
          newDelivery(broadcastId, org.id, contactId, 'email'),
          newDelivery(broadcastId, org.id, contactId, 'sms'),
        ])
        .onConflict((oc) => oc.columns(['broadcast_id', 'contact_id', 'channel']).doNothing())
        .returning(['channel'])
        .execute();
      expect(ignored).toEqual([{ channel: 'sms' }]);

      const none = await db
        .insertInto('deliveries')
        .values(newDelivery(broadcastId, org.id, contactId, 'email'))
        .onConflict((oc) => oc.columns(['broadcast_id', 'contact_id', 'channel']).doNothing())
        .returning(['id'])
        .execute();
      expect(none).toEqual([]);

      const stored = await db
        .selectFrom('deliveries')
        .select('channel')
        .where('broadcast_id', '=', broadcastId)
        .orderBy('channel')
        .execute();
      expect(stored).toEqual([{ channel: 'email' }, { channel: 'sms' }]);
    });

    it('leaves nothing behind when a transaction throws', async () => {
      const db = hubDb(store);
      const orgId = uuidv7();
      const failure = new Error('abandon this transaction');
      await expect(
        db.transaction().execute(async (trx) => {
          await trx
            .insertInto('organisations')
            .values({
              id: orgId,
              parent_id: org.id,
              kind: 'province',
              name: 'never committed',
              path: [...org.path, orgId],
              time_zone: 'UTC',
              default_language: 'en',
              created_at: new Date(),
            })
            .execute();
          await trx
            .updateTable('organisations')
            .set({ name: 'renamed in a rolled-back transaction' })
            .where('id', '=', org.id)
            .execute();
          throw failure;
        }),
      ).rejects.toBe(failure);

      const rows = await db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('id', 'in', [orgId, org.id])
        .execute();
      expect(rows).toEqual([{ id: org.id, name: `contract org ${org.id}` }]);
      // The connection is usable afterwards: no transaction was left open on it.
      const open = await sql<{
        open: boolean;
      }>`select pg_current_xact_id_if_assigned() is not null as open`.execute(db);
      expect(open.rows).toEqual([{ open: false }]);
    });
  });
}
