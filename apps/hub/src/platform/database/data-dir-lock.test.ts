import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SafenetError } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.js';
import { openStore } from './open-store.js';

/** The pid of a process that has exited (a pid nothing else has taken in the meantime). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid;
  await once(child, 'exit');
  if (pid === undefined) throw new Error('could not start a child process');
  return pid;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('embedded data directory lock', () => {
  let dataDir: string;
  const lockFile = () => join(dataDir, 'hub.lock');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'safenet-lock-'));
    await cp(inject('hubTemplate').dir, dataDir, { recursive: true });
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a second store on an open directory, naming it, and opens again after close', async () => {
    const first = await openStore({ kind: 'embedded', dataDir, schema: 'safenet', port: 0 });
    try {
      expect(await readFile(lockFile(), 'utf8')).toBe(String(process.pid));
      const second = openStore({ kind: 'embedded', dataDir, schema: 'safenet', port: 0 });
      await expect(second).rejects.toBeInstanceOf(SafenetError);
      await expect(second).rejects.toMatchObject({ code: 'data_dir_locked' });
      await expect(second).rejects.toThrow(dataDir);
      // The refused attempt did not take the lock away from the open store.
      expect(await readFile(lockFile(), 'utf8')).toBe(String(process.pid));
      const organisations = await first.db
        .selectFrom('organisations')
        .select('id')
        .limit(1)
        .execute();
      expect(organisations).toHaveLength(1);
    } finally {
      await first.close();
    }
    expect(await exists(lockFile())).toBe(false);

    const reopened = await openStore({ kind: 'embedded', dataDir, schema: 'safenet', port: 0 });
    try {
      expect(await readFile(lockFile(), 'utf8')).toBe(String(process.pid));
      await expect(
        openStore({ kind: 'embedded', dataDir, schema: 'safenet', port: 0 }),
      ).rejects.toMatchObject({ code: 'data_dir_locked' });
    } finally {
      await reopened.close();
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const pid = await deadPid();
    await writeFile(lockFile(), String(pid));
    const store = await openStore({ kind: 'embedded', dataDir, schema: 'safenet', port: 0 });
    try {
      expect(await readFile(lockFile(), 'utf8')).toBe(String(process.pid));
    } finally {
      await store.close();
    }
    expect(await exists(lockFile())).toBe(false);
  });

  it('refuses a lock held by another live process, naming its pid and the directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'safenet-lock-live-'));
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: 'ignore',
    });
    try {
      await writeFile(join(dir, 'hub.lock'), String(child.pid));
      const attempt = lockDataDir(dir);
      await expect(attempt).rejects.toMatchObject({ code: 'data_dir_locked' });
      await expect(attempt).rejects.toThrow(`pid ${child.pid}`);
      await expect(attempt).rejects.toThrow(dir);
      expect(await readFile(join(dir, 'hub.lock'), 'utf8')).toBe(String(child.pid));
    } finally {
      child.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
