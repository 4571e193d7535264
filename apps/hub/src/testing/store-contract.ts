import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel } from '@safenet/core';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HubConfig } from '../config.js';
import { type Db, hubDb, type NewDelivery } from '../modules/database.js';
import { MIGRATIONS } from '../platform/database/migrate.js';
import { openStore, type Store } from '../platform/database/open-store.js';
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
 * run from scratch there, without paying for a new cluster (initdb in WASM, ~850 MB).
 */
export const embeddedBackend: StoreBackend = {
  name: 'embedded (PGlite)',
  async create() {
    const dataDir = await mkdtemp(join(tmpdir(), 'safenet-contract-'));
    await cp(inject('hubTemplate').dir, dataDir, { recursive: true });
    return {
      database: { kind: 'embedded', dataDir, schema: randomSchema('contract') },
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

const TABLES = [
  'organisations',
  'api_keys',
  'contacts',
  'segments',
  'recommendations',
  'campaigns',
  'broadcasts',
  'deliveries',
  'outbox_messages',
  'idempotency_keys',
  'pending_receipts',
] as const;

/** Text that array literals and JSON encoders get wrong when they quote carelessly. */
const AWKWARD_TEXT = [
  'Committee, "quoted" {braced}',
  'back\\slash',
  'NULL',
  '',
  'Ủy ban — Комитет — Комитеті',
  'emoji 🛡️ and tab\tinside',
];

/** A minimal organisation, returned with its path. */
async function insertOrg(db: Db, parent?: { id: string; path: string[] }) {
  const id = uuidv7();
  const path = [...(parent?.path ?? []), id];
  await db
    .insertInto('organisations')
    .values({
      id,
      parent_id: parent?.id ?? null,
      kind: parent ? 'school' : 'ministry',
      name: `contract org ${id}`,
      path,
      time_zone: 'Asia/Almaty',
      default_language: 'kk',
      created_at: new Date(),
    })
    .execute();
  return { id, path };
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
 * same assertions, so a difference between PGlite and PostgreSQL shows up as a failure here
 * rather than in production.
 */
export function storeContract(backend: StoreBackend): void {
  describe(`store contract: ${backend.name}`, () => {
    let target: ContractDatabase;
    let store: Store;
    let org: { id: string; path: string[] };

    beforeAll(async () => {
      target = await backend.create();
      store = await openStore(target.database);
      org = await insertOrg(hubDb(store));
    });

    afterAll(async () => {
      await store?.close();
      await target?.dispose();
    });

    it('creates every table and runs each migration once, however often it is opened', async () => {
      for (const table of TABLES) {
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
      const child = await insertOrg(db, org);
      const at = new Date('2017-04-10T03:00:00.123Z');
      const offsetAt = '2017-04-21T18:00:00+06:00';

      const orgRow = await db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', child.id)
        .executeTakeFirstOrThrow();
      expect(orgRow.path).toEqual([org.id, child.id]);
      expect(orgRow.created_at).toBeInstanceOf(Date);

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

      const title = { ru: 'Памятка для родителей', kk: 'Жадынама', vi: 'Cẩm nang cho cha mẹ' };
      const body = { en: 'Line one\nLine "two" {{hotline}}', vi: 'Đường dây nóng: 111' };
      const recommendationId = uuidv7();
      await db
        .insertInto('recommendations')
        .values({
          id: recommendationId,
          org_id: child.id,
          topic: 'safe-internet',
          title: JSON.stringify(title),
          body: JSON.stringify(body),
          target_roles: ['parent', 'teacher'],
          target_age_bands: JSON.stringify([{ min: 6, max: 17 }]),
          status: 'published',
          created_at: at,
          updated_at: at,
        })
        .execute();
      const recommendation = await db
        .selectFrom('recommendations')
        .selectAll()
        .where('id', '=', recommendationId)
        .executeTakeFirstOrThrow();
      expect(recommendation).toMatchObject({
        title,
        body,
        target_roles: ['parent', 'teacher'],
        target_age_bands: [{ min: 6, max: 17 }],
      });

      const campaignId = uuidv7();
      await db
        .insertInto('campaigns')
        .values({
          id: campaignId,
          org_id: child.id,
          title: 'Safe Internet',
          description: null,
          starts_on: '2017-04-10',
          ends_on: '2017-04-21',
          time_zone: 'Asia/Almaty',
          organisers: AWKWARD_TEXT,
          created_at: at,
        })
        .execute();
      const campaign = await db
        .selectFrom('campaigns')
        .selectAll()
        .where('id', '=', campaignId)
        .executeTakeFirstOrThrow();
      expect(campaign.organisers).toEqual(AWKWARD_TEXT);
      expect(campaign.description).toBeNull();

      const content = { recommendationId };
      const variables = { hotline: '111', quoted: 'say "hi" \\ {{not a var}}' };
      const broadcastId = uuidv7();
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
      });

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

      await db
        .insertInto('idempotency_keys')
        .values({
          api_key_id: apiKeyId,
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
        .where('api_key_id', '=', apiKeyId)
        .executeTakeFirstOrThrow();
      expect(idempotency).toMatchObject({
        status_code: 202,
        response_body: '{"ok":"Đắk Lắk"}',
        created_at: at,
      });
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
              kind: 'school',
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
