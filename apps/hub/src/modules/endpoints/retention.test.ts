import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { deleteSettledMessages } from './endpoints.store.js';
import { own } from './endpoints.tables.js';

const backends = await testBackends();

describe.each(backends)('webhook message retention on $name', ({ database, run }) => {
  let th: TestHub;
  beforeAll(async () => {
    if (run) th = await startTestHub({ database, workers: false });
  });
  afterAll(() => th?.close());

  it.runIf(run)(
    'deletes settled messages older than the cut-off, with their attempts, in batches',
    async () => {
      const db = own(th.hub.db);
      const cutoff = new Date('2017-04-21T00:00:00Z');
      const before = new Date(cutoff.getTime() - 1);
      const endpoint = await db
        .insertInto('webhook_endpoints')
        .values({
          id: uuidv7(),
          org_id: th.seed.ministryId,
          url: 'https://reports.example.kz/hook',
          secret: 'whsec_x',
          created_at: before,
          updated_at: before,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const rows = [
        ...['delivered', 'dead', 'delivered', 'dead', 'delivered'].map((status) => ({
          status,
          at: before,
        })),
        { status: 'delivered', at: cutoff }, // not older than the cut-off
        { status: 'failing', at: before }, // still being tried
        { status: 'pending', at: before },
      ].map(({ status, at }, index) => ({
        id: uuidv7(),
        endpoint_id: endpoint.id,
        event_id: `retention-${index}`,
        event_type: 'alert',
        body: '{}',
        status,
        created_at: at,
        updated_at: at,
      }));
      await db.insertInto('webhook_messages').values(rows).execute();
      await db
        .insertInto('webhook_attempts')
        .values(
          rows.map((row) => ({
            id: uuidv7(),
            message_id: row.id,
            attempted_at: row.updated_at,
            duration_ms: 1,
          })),
        )
        .execute();

      expect(await deleteSettledMessages(db, cutoff, 2)).toBe(5);
      const left = await db
        .selectFrom('webhook_messages')
        .select('event_id')
        .where('endpoint_id', '=', endpoint.id)
        .orderBy('event_id')
        .execute();
      expect(left.map((row) => row.event_id)).toEqual([
        'retention-5',
        'retention-6',
        'retention-7',
      ]);
      const attempts = await db
        .selectFrom('webhook_attempts')
        .select('message_id')
        .where(
          'message_id',
          'in',
          rows.map((row) => row.id),
        )
        .execute();
      expect(attempts).toHaveLength(3);
      expect(await deleteSettledMessages(db, cutoff)).toBe(0);
    },
  );
});
