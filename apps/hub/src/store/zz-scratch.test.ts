import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { openStore } from './open-store.js';
import { startTestHub } from '../testing/test-hub.js';

it('scratch', async () => {
  for (let i = 0; i < 2; i++) {
    let t = Date.now();
    const dir = await mkdtemp(join(tmpdir(), 'scr-'));
    await cp(inject('hubTemplate').dir, dir, { recursive: true });
    console.log('copy', Date.now() - t); t = Date.now();
    const store = await openStore({ kind: 'embedded', dataDir: dir, schema: 'safenet' });
    console.log('open', Date.now() - t); t = Date.now();
    await store.close();
    console.log('close', Date.now() - t); t = Date.now();
    const s2 = await openStore({ kind: 'embedded', dataDir: dir, schema: 'fresh' });
    console.log('open fresh schema', Date.now() - t); t = Date.now();
    await s2.close();
  }
  for (let i = 0; i < 2; i++) {
    const t = Date.now();
    const th = await startTestHub({ workers: false });
    console.log('hub', Date.now() - t);
    const t2 = Date.now();
    await th.close();
    console.log('hub close', Date.now() - t2);
  }
  expect(1).toBe(1);
});
