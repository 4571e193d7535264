import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { formDb } from './case-form.tables.js';
import { caseFormSecret, databaseNonces } from './case-form-store.js';

const backends = await testBackends();
const HOUR = 3_600_000;

describe.each(backends)('the public form’s spent tokens on $name', ({ database, run }) => {
  let th: TestHub;
  const clock = { now: Date.parse('2026-12-06T09:00:00Z') };

  beforeAll(async () => {
    if (run) th = await startTestHub({ database });
  }, 120_000);
  afterAll(async () => {
    await th?.close();
  });

  it.runIf(run)('takes a nonce once, whichever of two posts at once comes first', async () => {
    const spend = databaseNonces(share(th.hub.db), () => clock.now);
    const until = new Date(clock.now + 3 * HOUR);
    expect(await spend('n-once', until)).toBe(true);
    expect(await spend('n-once', until)).toBe(false);
    const raced = await Promise.all([spend('n-race', until), spend('n-race', until)]);
    expect(raced.filter(Boolean)).toHaveLength(1);
  });

  it.runIf(run)('forgets nonces whose tokens have expired', async () => {
    const spend = databaseNonces(share(th.hub.db), () => clock.now);
    expect(await spend('n-old', new Date(clock.now + HOUR))).toBe(true);
    clock.now += 2 * HOUR;
    expect(await spend('n-new', new Date(clock.now + HOUR))).toBe(true);
    const left = await formDb(share(th.hub.db))
      .selectFrom('case_form_nonces')
      .select('nonce')
      .where('nonce', 'in', ['n-old', 'n-new'])
      .execute();
    expect(left.map((r) => r.nonce)).toEqual(['n-new']);
  });

  it.runIf(run)('keeps one signing key for every reader', async () => {
    const a = await caseFormSecret(share(th.hub.db))();
    const b = await caseFormSecret(share(th.hub.db))();
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
  });
});
