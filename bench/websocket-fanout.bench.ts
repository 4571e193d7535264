/**
 * An event to 10,000 stream clients: how many frames a second the hub's `/v1/stream` gets to
 * all of its subscribers, against a plain `ws` broadcast measured in the same run.
 *
 * - **baseline**: a `ws` WebSocketServer on loopback in a process of its own
 *   (`ws-baseline.ts`) sends one pre-serialised JSON frame, the size of the hub's, to its N
 *   clients, once per event, E events (the `ws` README's broadcast; no pings);
 * - **hub**: a real hub in this process (embedded PostgreSQL, or `--postgres`), N clients on
 *   `/v1/stream?types=alert` with the admin key, and E alerts for the root organisation
 *   published one after the other through the hub's event bus (`hub.bus.publish`), the way
 *   the delivery module publishes its alerts: each is logged, NOTIFYed, read back and handed
 *   to the N subscriptions — the stream's fan-out, not a broadcast's dispatch (which would
 *   time pg-boss and the delivery pipeline instead). The hub also pings every socket every
 *   30 s, as it does in production.
 *
 * Both servers' N clients are open at once, in the same client processes
 * (`stream-clients.ts`, the clients split between them), so both are measured by the same
 * clients and the ratio compares the servers. A run is timed from the first send (publish)
 * until every client process has reported that each of its sockets got E frames; rate =
 * N × E / seconds. Rounds alternate baseline and hub; the headline is the median of the
 * rounds' ratios. Target: hub / baseline ≥ 0.8. On a small shared machine the clients are
 * the bottleneck and rates move between rounds, so each server's CPU time per frame (user +
 * system, until the last frame arrived) is printed too: the steadier comparison of the two
 * servers' cost. Also prints the RSS of both server processes with N clients connected.
 *
 * Each server holds a descriptor per client: N is lowered to fit `ulimit -n` (the npm script
 * raises the soft limit to the hard one first).
 * Usage: node --import tsx websocket-fanout.bench.ts [--clients 10000] [--events 100]
 *   [--processes 4] [--rounds 5] [--postgres] [--profile /tmp/hub]
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { StreamEvent } from '@safenet/sdk';
import { startBenchHub } from './bench-hub.js';
import type { ClientCommand, ClientReport } from './stream-clients.js';
import type { BaselineCommand, BaselineReport } from './ws-baseline.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '10000' },
    events: { type: 'string', default: '100' },
    processes: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '5' },
    postgres: { type: 'boolean', default: false },
    /** Write CPU profiles of this process (the hub) during the hub's rounds: `<profile>.<round>.cpuprofile`. */
    profile: { type: 'string' },
  },
});
const EVENTS = Number(values.events);
const PROCESSES = Number(values.processes);
const ROUNDS = Number(values.rounds);
const TARGET = 0.8;
/** Descriptors the hub process needs besides its clients: database, files, its own sockets. */
const SPARE_FDS = 500;
const tsx = { execArgv: ['--import', 'tsx'] };
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

// Each server holds a descriptor per client; children inherit this process's limit.
const limit = execFileSync('sh', ['-c', 'ulimit -n']).toString().trim();
const fds = limit === 'unlimited' ? Number.POSITIVE_INFINITY : Number(limit);
const CLIENTS = Math.min(Number(values.clients), fds - SPARE_FDS);
if (CLIENTS < Number(values.clients)) {
  console.log(`ulimit -n is ${limit}: ${CLIENTS} clients instead of ${values.clients}`);
}

const alert = (orgId: string, n: number): StreamEvent => ({
  type: 'alert',
  orgId,
  at: new Date().toISOString(),
  data: {
    alertId: '0190f5c2-0000-7000-8000-00000000a1e7',
    severity: 'warning',
    code: 'broadcast_failures',
    subject: { type: 'broadcast', id: '0190f5c2-0000-7000-8000-00000000b0b0' },
    message: `Проверка оповещения ${String(n).padStart(4, '0')}: поговорите с ребёнком об интернете.`,
  },
});

const clients = Array.from({ length: PROCESSES }, () => fork(here('./stream-clients.ts'), tsx));
for (const child of clients) {
  child.on('message', (report: ClientReport) => {
    if ('failed' in report) console.error(report.failed);
  });
}
const baseline = fork(here('./ws-baseline.ts'), tsx);

/** The first report of each client process that `pick` maps to a value; fails on `failed`. */
function fromEach<T>(pick: (report: ClientReport) => T | undefined): Promise<T[]> {
  return Promise.all(
    clients.map(
      (child) =>
        new Promise<T>((resolve, reject) => {
          const onMessage = (report: ClientReport) => {
            if ('failed' in report) {
              child.off('message', onMessage);
              reject(new Error(report.failed));
              return;
            }
            const value = pick(report);
            if (value === undefined) return;
            child.off('message', onMessage);
            resolve(value);
          };
          child.on('message', onMessage);
        }),
    ),
  );
}

function fromBaseline(): Promise<BaselineReport> {
  return new Promise((resolve) => baseline.once('message', (m) => resolve(m as BaselineReport)));
}

async function baselineUsage(): Promise<{ cpu: NodeJS.CpuUsage; rss: number }> {
  const answer = fromBaseline();
  tell(baseline, 'cpu');
  return (await answer) as { cpu: NodeJS.CpuUsage; rss: number };
}
const baselineCpu = async () => (await baselineUsage()).cpu;
// The hub runs in this process, besides the benchmark's bookkeeping (a few IPC messages).
const hubCpu = async () => process.cpuUsage();

const tell = (child: ChildProcess, command: ClientCommand | BaselineCommand) => child.send(command);
const share = (i: number) => Math.floor(CLIENTS / PROCESSES) + (i < CLIENTS % PROCESSES ? 1 : 0);

/** Opens the group's sockets over the client processes; resolves with the seconds it took. */
async function connect(group: string, url: string, headers: Record<string, string>) {
  const started = performance.now();
  const connected = fromEach((r) => ('connected' in r && r.connected === group) || undefined);
  clients.forEach((child, i) => {
    tell(child, { connect: url, group, count: share(i), headers });
  });
  await connected;
  return (performance.now() - started) / 1000;
}

/**
 * Arms the group for `events` frames a socket, runs `send` and waits until every socket has
 * them all; frames per second from the start of `send`, the bytes of a frame, and the server
 * process's CPU time per frame (`cpu()`, read before and after: writes the kernel could not
 * take at once are finished later, so the server's work ends with the last frame received).
 */
async function measure(
  group: string,
  events: number,
  send: () => Promise<unknown>,
  cpu: () => Promise<NodeJS.CpuUsage>,
) {
  const armed = fromEach((r) => ('armed' in r && r.armed === group) || undefined);
  for (const child of clients) tell(child, { expect: events, group });
  await armed;
  const received = fromEach((r) => ('received' in r && r.received === group ? r : undefined));
  const cpuBefore = await cpu();
  const started = performance.now();
  await send();
  const reports = await received;
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = await cpu();
  const frames = reports.reduce((sum, r) => sum + r.frames, 0);
  const bytes = reports.reduce((sum, r) => sum + r.bytes, 0);
  if (frames !== CLIENTS * events) throw new Error(`${group}: ${frames} frames`);
  const user = (cpuAfter.user - cpuBefore.user) / frames;
  const system = (cpuAfter.system - cpuBefore.system) / frames;
  return {
    rate: frames / seconds,
    seconds,
    frameBytes: bytes / frames,
    cpuPerFrame: user + system,
    userPerFrame: user,
  };
}

const { url: baselineUrl } = (await fromBaseline()) as { url: string };
await using bench = await startBenchHub({ postgres: values.postgres, env: {} });
const { hub, rootId } = bench;
const store = values.postgres ? 'PostgreSQL' : 'embedded PostgreSQL';
console.log(
  `websocket fan-out: ${CLIENTS} clients in ${PROCESSES} processes, ${EVENTS} events, ${store}, Node ${process.version}`,
);

const rssBefore = process.memoryUsage().rss;
const hubUrl = `${bench.baseUrl.replace(/^http/, 'ws')}/v1/stream?types=alert`;
const hubConnect = await connect('hub', hubUrl, { authorization: `Bearer ${bench.adminKey}` });
const rssWith = process.memoryUsage().rss;
const baselineRssBefore = (await baselineUsage()).rss;
const baselineConnect = await connect('baseline', baselineUrl, {});
const baselineRssWith = (await baselineUsage()).rss;

let published = 0;
const viaHub = (events: number) =>
  measure(
    'hub',
    events,
    async () => {
      for (let i = 0; i < events; i++) {
        await hub.bus.publish({ orgPath: [rootId], event: alert(rootId, published++) });
      }
    },
    hubCpu,
  );
// The hub's frame: its event with the log's id first, as stream.routes.ts sends it.
const frame = JSON.stringify({ id: '1000', ...alert(rootId, 0) });
const viaBaseline = (events: number) =>
  measure(
    'baseline',
    events,
    async () => {
      const sent = fromBaseline();
      tell(baseline, { broadcast: frame, events });
      await sent;
    },
    baselineCpu,
  );

// A short round each first: connections settled, code paths compiled.
await viaBaseline(5);
await viaHub(5);
const profiler = values.profile ? new Session() : undefined;
profiler?.connect();
await profiler?.post('Profiler.enable');
type Run = Awaited<ReturnType<typeof measure>>;
const runs: { baseline: Run; hub: Run }[] = [];
let bytes = { baseline: 0, hub: 0 };
for (let round = 0; round < ROUNDS; round++) {
  const b = await viaBaseline(EVENTS);
  await profiler?.post('Profiler.start');
  const h = await viaHub(EVENTS);
  const profile = await profiler?.post('Profiler.stop');
  if (profile && values.profile) {
    await writeFile(`${values.profile}.${round + 1}.cpuprofile`, JSON.stringify(profile.profile));
  }
  runs.push({ baseline: b, hub: h });
  bytes = { baseline: b.frameBytes, hub: h.frameBytes };
}

for (const child of clients) tell(child, 'exit');
tell(baseline, 'exit');

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const row = (cells: string[]) => `  | ${cells.join(' | ')} |`;
console.log(
  row([
    'round',
    'N',
    'E',
    'baseline frames/s',
    'hub frames/s',
    'hub / baseline',
    'server CPU µs a frame (user): baseline / hub',
  ]),
);
const cpuOf = (run: Run) => `${run.cpuPerFrame.toFixed(1)} (${run.userPerFrame.toFixed(1)})`;
const ratios = runs.map((run) => run.hub.rate / run.baseline.rate);
runs.forEach(({ baseline: b, hub: h }, i) => {
  const cpu = `${cpuOf(b)} / ${cpuOf(h)}`;
  const cells = [fmt(CLIENTS), fmt(EVENTS), fmt(b.rate), fmt(h.rate)];
  console.log(row([`${i + 1}`, ...cells, (ratios[i] ?? 0).toFixed(2), cpu]));
});
// Rounds pair a baseline with the hub right after it: the median of their ratios, so that
// the machine's other work moving between rounds moves both sides of a ratio.
const ratio = median(ratios);
const cpu = (side: 'baseline' | 'hub') =>
  `${median(runs.map((r) => r[side].cpuPerFrame)).toFixed(1)} (${median(runs.map((r) => r[side].userPerFrame)).toFixed(1)})`;
console.log(
  row([
    'median',
    fmt(CLIENTS),
    fmt(EVENTS),
    fmt(median(runs.map((r) => r.baseline.rate))),
    fmt(median(runs.map((r) => r.hub.rate))),
    `**${ratio.toFixed(2)}**`,
    `${cpu('baseline')} / ${cpu('hub')}`,
  ]),
);
console.log(
  `  frame: ${bytes.baseline.toFixed(0)} bytes (baseline), ${bytes.hub.toFixed(0)} bytes (hub); connected in ${hubConnect.toFixed(1)} s (hub), ${baselineConnect.toFixed(1)} s (baseline)`,
);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const rss = (name: string, before: number, after: number) =>
  console.log(
    `  ${name} process RSS: ${mb(before)} before, ${mb(after)} with ${fmt(CLIENTS)} clients (${((after - before) / 1024 / CLIENTS).toFixed(1)} KB a client)`,
  );
rss('hub', rssBefore, rssWith);
rss('baseline', baselineRssBefore, baselineRssWith);
console.log(`  target hub / baseline ≥ ${TARGET}: ${ratio >= TARGET ? 'met' : 'NOT met'}`);
