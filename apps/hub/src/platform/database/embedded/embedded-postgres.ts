import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  appendFile,
  chmod,
  chown,
  lstat,
  mkdir,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SafenetError } from '@safenet/core';
import pg from 'pg';
import { isRunning } from '../data-dir-lock.js';
import { type PostgresBinaries, postgresBinaries } from './postgres-binaries.js';

const run = promisify(execFile);

/** The PostgreSQL cluster inside a data directory, and the files beside it. */
export function clusterPaths(dataDir: string) {
  const root = resolve(dataDir);
  return {
    root,
    pgdata: join(root, 'postgres'),
    log: join(root, 'postgres', 'server.log'),
    password: join(root, 'database-password'),
    url: join(root, 'database-url'),
  };
}

/** A running embedded PostgreSQL: its URL, and how to stop it. */
export interface EmbeddedPostgres {
  readonly url: string;
  /** Stops the server (fast shutdown: open transactions roll back, the data is safe). */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The TCP port on 127.0.0.1; a free one when 0 or omitted. */
  port?: number;
}

const USER = 'safenet';
const DATABASE = 'safenet';

/** What the embedded server is told beyond PostgreSQL's defaults. */
const SERVER_SETTINGS = `
# Safenet's embedded store: reachable from this machine only, over TCP.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
`;

/**
 * Starts the PostgreSQL that lives in `<dataDir>/postgres`, creating the cluster on the
 * first start. The server runs as its own processes (off the hub's event loop), outlives
 * nothing: `stop()` shuts it down, and a server left behind by a hub that was killed is
 * stopped before a new one starts. The caller holds the data directory's lock.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const binaries = await postgresBinaries();
  const paths = clusterPaths(dataDir);
  const owner = await serverOwner();
  await mkdir(paths.root, { recursive: true });
  if (!existsSync(join(paths.pgdata, 'PG_VERSION'))) await initialise(binaries, paths, owner);
  await prepareForOwner(paths, owner);
  await stopLeftover(binaries, paths, owner);

  const password = (await readFile(paths.password, 'utf8')).trim();
  let port = options.port || (await freePort());
  for (let attempt = 1; ; attempt += 1) {
    try {
      await pgCtl(binaries, owner, paths, [
        'start',
        '-w',
        '-t',
        '120',
        '-l',
        paths.log,
        '-o',
        `-p ${port}`,
      ]);
      break;
    } catch (error) {
      const log = await logTail(paths.log);
      // Another program took the port between the probe and the start: take another.
      if (!options.port && attempt < 3 && /could not bind|already in use/i.test(log)) {
        port = await freePort();
        continue;
      }
      throw startFailure(paths, error, log);
    }
  }
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  try {
    await ensureDatabase(url);
  } catch (error) {
    await pgCtl(binaries, owner, paths, ['stop', '-m', 'fast', '-w']).catch(() => undefined);
    throw error;
  }
  // Other hub processes (an extra worker) reach the same server with DATABASE_URL from here.
  await writeFile(paths.url, `${url}\n`, { mode: 0o600 });
  return {
    url,
    async stop() {
      await rm(paths.url, { force: true });
      // Smart first: it waits for the connections the hub is closing (a pool's end() does not
      // wait for its sockets), so none is cut with an error; fast if one is left open.
      await pgCtl(binaries, owner, paths, ['stop', '-m', 'smart', '-w', '-t', '10']).catch(() =>
        pgCtl(binaries, owner, paths, ['stop', '-m', 'fast', '-w', '-t', '120']),
      );
    },
  };
}

/** The OS user the server runs as: ourselves, or `postgres` when the hub runs as root. */
interface Owner {
  uid: number;
  gid: number;
}

async function serverOwner(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  // PostgreSQL refuses to run as root: it runs as the `postgres` user, made if missing.
  const id = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await id();
  } catch {
    try {
      await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    } catch (error) {
      throw new SafenetError(
        'embedded_database_failed',
        'The hub runs as root and PostgreSQL refuses to: there is no `postgres` user and `useradd` failed. Create one, or run the hub as a normal user.',
        { cause: error },
      );
    }
    return id();
  }
}

async function initialise(
  binaries: PostgresBinaries,
  paths: ReturnType<typeof clusterPaths>,
  owner: Owner | undefined,
): Promise<void> {
  await rm(paths.pgdata, { recursive: true, force: true });
  await mkdir(paths.pgdata, { mode: 0o700 });
  const password = randomBytes(24).toString('base64url');
  await writeFile(paths.password, `${password}\n`, { mode: 0o600 });
  // initdb reads the password from a file the server's user can read, outside the cluster.
  const pwfile = join(paths.root, `.initdb-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner) {
      await chown(paths.pgdata, owner.uid, owner.gid);
      await chown(pwfile, owner.uid, owner.gid);
      await allowTraversal(paths);
    }
    await run(
      binaries.initdb,
      [
        `--pgdata=${paths.pgdata}`,
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Code-point order like C, with Unicode case mapping: lower('Ә') is 'ә'.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--lc-messages=C',
        '--no-instructions',
      ],
      { ...owner, env: { ...process.env, LC_ALL: 'C' } },
    ).catch((error: { stderr?: string }) => {
      throw new SafenetError(
        'embedded_database_failed',
        `Could not create the embedded database in ${paths.pgdata}: ${error.stderr?.trim() || String(error)}`,
        { cause: error },
      );
    });
    await appendFile(join(paths.pgdata, 'postgresql.conf'), SERVER_SETTINGS);
  } catch (error) {
    await rm(paths.pgdata, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(pwfile, { force: true });
  }
}

/**
 * The server's files belong to its user and the cluster directory is private (PostgreSQL
 * checks both). A directory copied or restored by root is handed back to `postgres`.
 */
async function prepareForOwner(
  paths: ReturnType<typeof clusterPaths>,
  owner: Owner | undefined,
): Promise<void> {
  await chmod(paths.pgdata, 0o700);
  if (!owner) return;
  await allowTraversal(paths);
  if ((await stat(paths.pgdata)).uid !== owner.uid) await chownTree(paths.pgdata, owner);
}

/**
 * The `postgres` user must be able to reach the cluster: the data directory gets o+x, and
 * every directory above it must already allow that (it is not ours to change).
 */
async function allowTraversal(paths: ReturnType<typeof clusterPaths>): Promise<void> {
  const mode = (await stat(paths.root)).mode;
  if ((mode & 0o001) === 0) await chmod(paths.root, (mode & 0o777) | 0o001);
  for (let dir = dirname(paths.root); ; dir = dirname(dir)) {
    const info = await stat(dir);
    if ((info.mode & 0o001) === 0) {
      throw new SafenetError(
        'embedded_database_failed',
        `The hub runs as root, so its PostgreSQL runs as the user postgres, which cannot enter ${dir}. Put SAFENET_DATA_DIR somewhere it can reach (e.g. /var/lib/safenet), or run the hub as a normal user.`,
      );
    }
    if (dir === dirname(dir)) return;
  }
}

async function chownTree(dir: string, owner: Owner): Promise<void> {
  await chown(dir, owner.uid, owner.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(path, owner);
    else if (!(await lstat(path)).isSymbolicLink()) await chown(path, owner.uid, owner.gid);
  }
}

/**
 * A server still running on this cluster belongs to a hub that was killed (the caller holds
 * the directory's lock, so no live hub owns it): it is stopped before a new one starts.
 */
async function stopLeftover(
  binaries: PostgresBinaries,
  paths: ReturnType<typeof clusterPaths>,
  owner: Owner | undefined,
): Promise<void> {
  const pidFile = await readFile(join(paths.pgdata, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(pidFile.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || !isRunning(pid)) return;
  await pgCtl(binaries, owner, paths, ['stop', '-m', 'fast', '-w', '-t', '120']).catch(
    async (error) => {
      throw startFailure(paths, error, await logTail(paths.log));
    },
  );
}

async function pgCtl(
  binaries: PostgresBinaries,
  owner: Owner | undefined,
  paths: ReturnType<typeof clusterPaths>,
  args: string[],
): Promise<void> {
  await run(binaries.pg_ctl, [args[0] ?? 'status', '-D', paths.pgdata, ...args.slice(1)], {
    ...owner,
    env: { ...process.env, LC_ALL: 'C' },
  });
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${DATABASE}"`);
  } finally {
    await client.end();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

async function logTail(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-15).join('\n');
}

function startFailure(paths: ReturnType<typeof clusterPaths>, error: unknown, log: string) {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  return new SafenetError(
    'embedded_database_failed',
    `The embedded PostgreSQL in ${paths.pgdata} did not start${stderr ? `: ${stderr}` : ''}${log ? `\n${log}` : ''}`,
    { cause: error },
  );
}
