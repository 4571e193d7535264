#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type HubConfig, loadConfig } from './config.js';
import { createHub, type Hub } from './hub.js';
import { channelLines } from './modules/channels/index.js';
import { type ProcessRole, rolesOf } from './platform/module.js';
import { assertPortFree, nodeVersionProblem } from './platform/runtime-checks.js';
import { bootstrap } from './seed/bootstrap.js';

/** The demo's ids, beside the embedded database, for the getting-started guide's commands. */
export const DEMO_IDS_FILE = 'demo.json';

/** The demo people's addresses, for the banner (the demo seed makes them). */
const DEMO_EMAILS =
  'editor.ministry@, reviewer.ministry@, sender.almaty@, admin.daklak@, viewer.parents@example.org';

/**
 * The demo people's password: from this start's seed, else from the embedded demo's
 * `demo.json` of an earlier start (like the admin key), else unknown.
 */
async function savedDemoPassword(
  config: HubConfig,
  demo: { demoPassword: string } | undefined,
): Promise<string | undefined> {
  if (demo) return demo.demoPassword;
  if (config.database.kind !== 'embedded') return undefined;
  const saved = await readFile(join(config.database.dataDir, DEMO_IDS_FILE), 'utf8').catch(
    () => undefined,
  );
  if (saved === undefined) return undefined;
  const parsed = JSON.parse(saved) as { demoPassword?: unknown };
  return typeof parsed.demoPassword === 'string' ? parsed.demoPassword : undefined;
}

/** Runs the hub until SIGINT or SIGTERM. The only place that listens. */
async function main(): Promise<void> {
  const tooOld = nodeVersionProblem(process.version);
  if (tooOld) throw new Error(tooOld);
  const roles = rolesOf(process.argv.slice(2));
  const config = loadConfig();
  if (!roles.has('api')) return runWorker(config, roles);
  // Before anything touches the data directory: a start that cannot listen leaves nothing.
  await assertPortFree(config.host, config.port);
  const hub = await createHub(config, { roles });
  // A refused start (e.g. a revoked SAFENET_ADMIN_KEY) releases the database before exiting.
  const { adminKey, demo, firstAdminLink } = await bootstrap(hub.db, config).catch(
    async (error: unknown) => {
      await hub.close();
      throw error;
    },
  );
  if (demo && config.database.kind === 'embedded') {
    await writeFile(
      join(config.database.dataDir, DEMO_IDS_FILE),
      `${JSON.stringify(demo, null, 2)}\n`,
    );
  }
  const demoPassword = config.demo ? await savedDemoPassword(config, demo) : undefined;
  await hub.app.listen({ port: config.port, host: config.host });
  const address = hub.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const lines = [
    '',
    `Safenet hub is running (${describeRoles(roles)}; ${describeStore(config)})`,
    hub.store.upgrade
      ? `  Upgraded  the PGlite database of Safenet 0.1: ${hub.store.upgrade.rows} rows and ${hub.store.upgrade.jobs} waiting jobs carried over (old files kept in ${hub.store.upgrade.backup})`
      : '',
    `  API       ${base}/v1`,
    `  OpenAPI   ${base}/openapi.json`,
    `  Docs UI   ${base}/docs`,
    `  Stream    ${base.replace('http', 'ws')}/v1/stream`,
    adminKey
      ? `  Admin key ${adminKey}`
      : '  Admin key (created on first start; set SAFENET_ADMIN_KEY to add one)',
    firstAdminLink
      ? `  First admin  open ${firstAdminLink} to set the root organisation's first admin (a new link at each start until then)`
      : '',
    demoPassword
      ? `  Demo people  ${DEMO_EMAILS} — password ${demoPassword} (the console: ${base}/)`
      : '',
    demo
      ? `  Demo data ${demo.contactCount} contacts, ${demo.recommendationIds.length} memos, 3 segments${config.database.kind === 'embedded' ? ` (ids in ${join(config.database.dataDir, DEMO_IDS_FILE)})` : ''} — see docs/guides/getting-started.md`
      : '',
    ...channelLines(hub.channels, {
      sessionUrl: (channel) => `${base}/v1/channels/${channel}/session`,
      qrInTerminal: process.stdout.isTTY,
    }),
    '',
  ];
  process.stdout.write(`${lines.filter((l) => l !== '').join('\n')}\n`);
  if (process.stdout.isTTY) {
    // Someone is at the terminal: let them scan from here too.
    for (const adapter of hub.channels.adapters) {
      const { pairing } = adapter;
      if (!pairing) continue;
      const show = () =>
        pairing.printQr((art) => process.stdout.write(`\n${pairing.instructions}:\n${art}\n`));
      show();
      adapter.subscribe?.((event) => {
        if (event.type === 'session' && event.state === 'qr') show();
      });
    }
  }

  stopOnSignals(hub);
}

/** A worker process: no HTTP, the queues and timers only, on the database it is given. */
async function runWorker(config: HubConfig, roles: ReadonlySet<ProcessRole>): Promise<void> {
  const hub = await createHub(config, { roles });
  process.stdout.write(
    `Safenet hub is running (${describeRoles(roles)}; ${describeStore(config)})\n`,
  );
  stopOnSignals(hub);
}

function describeRoles(roles: ReadonlySet<ProcessRole>): string {
  return roles.size === 2 ? 'api and worker' : `${[...roles].join('')} only`;
}

function describeStore(config: HubConfig): string {
  return config.database.kind === 'embedded'
    ? `embedded PostgreSQL in ${config.database.dataDir}`
    : 'PostgreSQL';
}

function stopOnSignals(hub: Hub): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    hub.app.log.info(`${signal}: stopping`);
    await hub.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Safenet hub failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  if (error instanceof Error && error.cause)
    process.stderr.write(`  cause: ${String(error.cause)}\n`);
  process.exit(1);
});
