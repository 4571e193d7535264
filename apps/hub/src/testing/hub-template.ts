import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { createHub } from '../hub.js';
import { bootstrap } from '../seed/bootstrap.js';

/** A closed, migrated and seeded embedded data directory that tests copy. */
export interface HubTemplate {
  dir: string;
  adminKey: string;
}

export const SEED_FILE = 'demo-seed.json';

/**
 * Creating an embedded database costs seconds (initdb in WASM, the queue's schema, the demo
 * seed); copying a closed one and reopening it costs a fraction. Tests share one template.
 */
export async function createHubTemplate(): Promise<HubTemplate> {
  const dir = await mkdtemp(join(tmpdir(), 'safenet-template-'));
  const adminKey = `sn_test_${randomBytes(16).toString('hex')}`;
  const config = loadConfig({
    SAFENET_DATA_DIR: dir,
    SAFENET_ADMIN_KEY: adminKey,
    LOG_LEVEL: 'silent',
    // The demo people's hashes at scrypt's lowest allowed cost (see test-hub.ts).
    SAFENET_PASSWORD_SCRYPT_LOG_N: '14',
  });
  const hub = await createHub(config, { workers: false });
  try {
    const { demo } = await bootstrap(hub.db, config);
    await writeFile(join(dir, SEED_FILE), JSON.stringify(demo));
  } finally {
    await hub.close();
  }
  return { dir, adminKey };
}
