/**
 * Runs the BUILT `safenet` binary (apps/cli/dist/main.js: `npm test` builds it first; for a
 * local run, `npx turbo build --filter=@safenet/cli`) as a child process, the way a person or a
 * script would, with HOME and XDG_CONFIG_HOME in a temporary directory, against a real test
 * hub listening on loopback.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SafenetClient } from '@safenet/sdk';
import { type TempDir, tempDir } from '../support/temp-dir.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

export const CLI_MAIN = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

/** How one run ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A test hub listening on loopback, a home directory for the CLI, and an SDK client. */
export interface CliHub extends AsyncDisposable {
  th: TestHub;
  url: string;
  home: TempDir;
  client: SafenetClient;
  /** The environment of a run logged in through SAFENET_URL and SAFENET_API_KEY (admin). */
  adminEnv: Record<string, string>;
}

export async function startCliHub(
  options: Parameters<typeof startTestHub>[0] = {},
): Promise<CliHub> {
  if (!existsSync(CLI_MAIN)) {
    throw new Error(`${CLI_MAIN} is missing: build first (npx turbo build --filter=@safenet/cli)`);
  }
  const th = await startTestHub(options);
  await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = th.hub.app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const home = await tempDir('safenet-cli-');
  return {
    th,
    url,
    home,
    client: new SafenetClient({ baseUrl: url, apiKey: th.adminKey }),
    adminEnv: { SAFENET_URL: url, SAFENET_API_KEY: th.adminKey },
    async [Symbol.asyncDispose]() {
      await th.close();
      await home[Symbol.asyncDispose]();
    },
  };
}

/** The environment of a run: nothing of the machine's own SAFENET_* or config leaks in. */
export function cliEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    ...extra,
  };
}

/** A run in progress: its output so far, a way to wait for a line, and its end. */
export interface CliProcess {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves once `pattern` appears in the stream (stderr by default). */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<void>;
  result: Promise<CliResult>;
}

export function spawnCli(
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: string },
): CliProcess {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const waiters: { pattern: RegExp; stream: 'stdout' | 'stderr'; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(output[waiter.stream])) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
    check();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
    check();
  });
  child.stdin.end(options.input ?? '');
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, ...output }));
  });
  return {
    child,
    get stdout() {
      return output.stdout;
    },
    get stderr() {
      return output.stderr;
    },
    waitFor(pattern, stream = 'stderr') {
      return new Promise<void>((resolve, reject) => {
        waiters.push({ pattern, stream, resolve });
        check();
        // The process ending first is a failure to wait for, with what it printed.
        void result.then((done) => {
          if (waiters.some((waiter) => waiter.pattern === pattern)) {
            reject(new Error(`exited ${done.code} before ${pattern}: ${done.stderr}`));
          }
        });
      });
    },
    result,
  };
}

/** Runs `safenet <args>` to its end. */
export function runCli(
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: string },
): Promise<CliResult> {
  return spawnCli(args, options).result;
}
