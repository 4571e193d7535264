import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SafenetError } from '@safenet/core';

/**
 * One hub process per embedded data directory: a second hub would stop the first one's
 * PostgreSQL as a leftover of a crash. The lock file holds the owner's pid; a lock left by a process that no
 * longer runs (kill -9, power loss) is taken over, a live one is refused.
 */
export async function lockDataDir(dataDir: string): Promise<{ release(): Promise<void> }> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, 'hub.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(String(process.pid));
      await file.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (!Number.isInteger(owner) && (await isFresh(path))) {
        // Another process created the file and is about to write its pid.
        throw new SafenetError(
          'data_dir_locked',
          `Another hub is starting on the data directory ${dataDir}. Stop it, or give this one its own SAFENET_DATA_DIR.`,
        );
      }
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new SafenetError(
          'data_dir_locked',
          `Another hub (pid ${owner}) is using the data directory ${dataDir}. Stop it, or give this one its own SAFENET_DATA_DIR; to add a process to that hub's database, set DATABASE_URL to the URL in ${join(dataDir, 'database-url')}.`,
        );
      }
      if (owner === process.pid) {
        throw new SafenetError(
          'data_dir_locked',
          `This process already has the data directory ${dataDir} open.`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new SafenetError('data_dir_locked', `Could not take the lock on ${dataDir}`);
}

/** A lock file younger than a few seconds without a pid belongs to a process still starting. */
async function isFresh(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs < 5_000;
}

/** Whether a process with this pid exists (EPERM: it does, and belongs to another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
