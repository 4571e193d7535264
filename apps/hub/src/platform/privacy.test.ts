import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../testing/test-env.js';
import { startTestHub, type TestHub } from '../testing/test-hub.js';
import { share } from './database/schema.js';
import { type ErasureSubject, identifiersOf, inTenantOf, scrubColumns } from './privacy.js';

describe('identifiersOf', () => {
  it('gives each address, a phone’s bare digits and the name, longest first', () => {
    expect(
      identifiersOf(
        { phone: '+77015550199', email: 'a_b@example.org', telegram: '@aigul' },
        'Aigul Sarsen',
      ),
    ).toEqual(['a_b@example.org', '+77015550199', 'Aigul Sarsen', '77015550199', '@aigul']);
  });

  it('leaves out names too short to scrub from free text, and digits of what is not a phone', () => {
    expect(identifiersOf({ email: 'x1234567@example.org' }, 'Al')).toEqual([
      'x1234567@example.org',
    ]);
    expect(identifiersOf({}, null)).toEqual([]);
  });
});

const backends = await testBackends();

describe.each(backends)('scrubColumns on $name', ({ database, run }) => {
  let th: TestHub;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    await sql`create table privacy_probe (id int primary key, org_id uuid, t text, j jsonb)`.execute(
      th.hub.db,
    );
  });

  afterAll(async () => {
    await th?.close();
  });

  const subject = (): ErasureSubject => ({
    contactId: '00000000-0000-7000-8000-000000000001',
    orgId: th.seed.schoolIds[0],
    rootOrgId: th.seed.ministryId,
    placeholder: 'erased:probe',
    identifiers: identifiersOf({ phone: '+77015550199', email: 'a_b@example.org' }, 'Ерлан «Д»'),
  });
  /** Another tenant's organisation (no row of this tree). */
  const OTHER = '00000000-0000-7000-8000-0000000000ff';

  it.runIf(run)(
    'replaces every identifier in text and JSON within the tenant, counts the rows, leaves the rest',
    async () => {
      const org = th.seed.districtId;
      await sql`insert into privacy_probe values
        (1, ${org}, 'call +77015550199 or 77015550199', '{"to": "a_b@example.org", "n": 1}'),
        (2, ${org}, 'Ерлан «Д» wrote', '{"name": "Ерлан «Д»", "list": ["+77015550199"]}'),
        (3, ${org}, 'axb@example.org and 7701555019 stay', '{"to": "aXb@example.org"}'),
        (4, ${org}, null, 'null'),
        (5, ${OTHER}, 'Ерлан «Д» of another tenant', '{"to": "a_b@example.org"}')`.execute(
        th.hub.db,
      );
      const changed = await scrubColumns(
        share(th.hub.db),
        'privacy_probe',
        [{ name: 't' }, { name: 'j', json: true }],
        subject(),
        inTenantOf('org_id', subject()),
      );
      // Rows 1 and 2, in both columns.
      expect(changed).toBe(4);
      const rows = await sql<{ id: number; t: string | null; j: unknown }>`
        select id, t, j from privacy_probe order by id`.execute(th.hub.db);
      expect(rows.rows).toEqual([
        { id: 1, t: 'call erased:probe or erased:probe', j: { to: 'erased:probe', n: 1 } },
        { id: 2, t: 'erased:probe wrote', j: { name: 'erased:probe', list: ['erased:probe'] } },
        // `_` is no wildcard, and a run of digits that is not the phone's stays.
        { id: 3, t: 'axb@example.org and 7701555019 stay', j: { to: 'aXb@example.org' } },
        { id: 4, t: null, j: null },
        // Another tenant's rows are theirs: nothing changes there.
        { id: 5, t: 'Ерлан «Д» of another tenant', j: { to: 'a_b@example.org' } },
      ]);
    },
  );
});
