import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary directory removed on disposal. */
export interface TempDir extends AsyncDisposable {
  path: string;
}

/**
 * @example
 * await using dir = await tempDir('safenet-crash-');
 */
export async function tempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  // Others may pass through (not list): a hub run by root starts its PostgreSQL as the user
  // postgres, which must reach a data directory made inside this one.
  await chmod(path, 0o711);
  return {
    path,
    async [Symbol.asyncDispose]() {
      await rm(path, { recursive: true, force: true });
    },
  };
}
