/**
 * The real hub as a child process (`node apps/hub/dist/main.js`), for tests that need what
 * only a process has: its stdout, its exit code, `kill -9`. Disposing it kills it, so a
 * failing test never leaves a hub running.
 *
 * @example
 * await using hub = spawnHub({ SAFENET_DATA_DIR: dir, PORT: String(await freePort()) });
 * const { apiUrl } = await hub.ready();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The built entry point of the hub. */
export const HUB_MAIN = fileURLToPath(new URL('../../apps/hub/dist/main.js', import.meta.url));

/** How a child process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What the hub prints once it listens. */
export interface HubBanner {
  /** `http://127.0.0.1:<port>/v1` */
  apiUrl: string;
  /** The origin, for `SafenetClient`'s `baseUrl`. */
  baseUrl: string;
  openApiUrl: string;
  /** The admin key line's value, when the hub printed one. */
  adminKey: string | undefined;
}

export interface HubProcess extends AsyncDisposable {
  readonly child: ChildProcess;
  /** Everything the hub wrote to stdout (and stderr) so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has ended (and been reaped, so its pid is free). */
  readonly exited: Promise<Exit>;
  /** Resolves with the banner once printed; rejects if the process ends first or it takes too long. */
  ready(timeoutMs?: number): Promise<HubBanner>;
  /** Resolves once the hub says it runs: for `safenet-hub worker`, which prints no URLs. */
  running(timeoutMs?: number): Promise<void>;
  /** Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

/** Fails with a clear message when the hub has not been built. */
export function assertHubBuilt(): void {
  if (!existsSync(HUB_MAIN)) {
    throw new Error(`${HUB_MAIN} is missing: run npm run build first`);
  }
}

/**
 * Starts `node apps/hub/dist/main.js` with exactly `env` (plus PATH): nothing of the test
 * process's own environment leaks into the hub's configuration. Quiet hours are off unless
 * `env` sets `SAFENET_QUIET_HOURS`: the tests send at whatever hour the machine's clock shows.
 */
export function spawnHub(env: Record<string, string>, args: readonly string[] = []): HubProcess {
  assertHubBuilt();
  const child = spawn(process.execPath, [HUB_MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SAFENET_QUIET_HOURS: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const changed = new Set<() => void>();
  const notify = () => {
    for (const listener of changed) listener();
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    notify();
  });
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
      notify();
    });
  });

  const describeEnd = () =>
    `the hub exited (code ${exit?.code}, signal ${exit?.signal}) before it was ready.\nstdout:\n${out}\nstderr:\n${err}`;

  const waitFor = <T>(read: () => T | undefined, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const banner = read();
        if (banner !== undefined) {
          done();
          resolve(banner);
        } else if (exit) {
          done();
          reject(new Error(describeEnd()));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `the hub was not ready within ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        changed.delete(check);
      };
      changed.add(check);
      check();
    });

  const ready = (timeoutMs = 120_000) => waitFor(() => parseBanner(out), timeoutMs);
  const running = (timeoutMs = 120_000) =>
    waitFor(() => (/^Safenet hub is running/m.test(out) ? true : undefined), timeoutMs).then(
      () => undefined,
    );

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000) => {
    if (exit) return exit;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    ready,
    running,
    stop,
    async [Symbol.asyncDispose]() {
      await stop('SIGKILL');
    },
  };
}

/** Reads the URLs and admin key from the banner main.ts prints, or undefined before it is out. */
export function parseBanner(stdout: string): HubBanner | undefined {
  const api = /^\s*API\s+(http:\/\/\S+)\/v1\s*$/m.exec(stdout);
  const openApi = /^\s*OpenAPI\s+(\S+)\s*$/m.exec(stdout);
  // The last line of the banner: everything before it has been written too.
  if (!api?.[1] || !openApi?.[1] || !/^\s*Email\s/m.test(stdout)) return undefined;
  const key = /^\s*Admin key\s+(sn_[A-Za-z0-9_-]+)\s*$/m.exec(stdout);
  return {
    apiUrl: `${api[1]}/v1`,
    baseUrl: api[1],
    openApiUrl: openApi[1],
    adminKey: key?.[1],
  };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}
