/**
 * The first start as a new user sees it: `node apps/hub/dist/main.js` on an empty data
 * directory prints where the API is and an admin key that works on the demo data; a second
 * hub on the same directory is refused; a restart after a clean stop prints the same key.
 */
import { existsSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { SafenetClient } from '@safenet/sdk';
import { expect, it } from 'vitest';
import { assertHubBuilt, freePort, spawnHub } from '../support/hub-process.js';
import { tempDir } from '../support/temp-dir.js';

it('starts with demo data, refuses a second hub on its data directory, and restarts with the same key', {
  timeout: 180_000,
}, async () => {
  assertHubBuilt();
  await using dir = await tempDir('safenet-demo-');
  const port = await freePort();
  const env = { SAFENET_DATA_DIR: dir.path, PORT: String(port) };
  const base = `http://127.0.0.1:${port}`;

  await using first = spawnHub(env);
  const banner = await first.ready();
  expect(banner).toMatchObject({ apiUrl: `${base}/v1`, openApiUrl: `${base}/openapi.json` });
  expect(banner.adminKey).toMatch(/^sn_[A-Za-z0-9_-]{20,100}$/);
  expect(first.stdout()).toContain(`embedded PostgreSQL in ${dir.path}`);

  const openApi = await fetch(banner.openApiUrl);
  expect(openApi.status).toBe(200);
  expect(((await openApi.json()) as { openapi: string }).openapi).toMatch(/^3\.1\./);

  // The first admin's link, once, and the demo people's password, which signs them in.
  const firstLinks = [...first.stdout().matchAll(/First admin\s+open (\S+)/g)].map((m) => m[1]);
  expect(firstLinks).toHaveLength(1);
  const demoPassword = /Demo people .* password (\S+)/.exec(first.stdout())?.[1] as string;
  expect(demoPassword).toBeTruthy();
  const signIn = await fetch(`${base}/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'sender.almaty@example.org', password: demoPassword }),
  });
  expect(signIn.status).toBe(200);
  expect(signIn.headers.get('set-cookie')).toMatch(/^safenet_session=.+HttpOnly/i);

  const client = new SafenetClient({ baseUrl: banner.baseUrl, apiKey: banner.adminKey ?? '' });
  const organisations = await client.organisations.list();
  expect(organisations.items).toHaveLength(7);
  expect(organisations.nextCursor).toBeNull();
  expect(new Set(organisations.items.map((o) => o.kind))).toEqual(
    new Set(['ministry', 'province', 'district', 'school', 'association']),
  );

  // A second hub on the same data directory must not start (it would lose its writes).
  await using intruder = spawnHub({ ...env, PORT: String(await freePort()) });
  const refused = await intruder.exited;
  expect(refused.code, intruder.stdout()).not.toBe(0);
  expect(intruder.stderr()).toMatch(/Another hub \(pid \d+\) is using the data directory/);
  expect(intruder.stdout()).not.toContain('Admin key');
  // The first hub is unharmed.
  expect((await client.organisations.list()).items).toHaveLength(7);

  expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });

  await using again = spawnHub(env);
  const restarted = await again.ready();
  expect(restarted.adminKey).toBe(banner.adminKey);
  expect(again.stdout()).not.toContain('Demo data');
  // A new first-admin link at each start; the previous one no longer works.
  const againLinks = [...again.stdout().matchAll(/First admin\s+open (\S+)/g)].map((m) => m[1]);
  expect(againLinks).toHaveLength(1);
  expect(againLinks[0]).not.toBe(firstLinks[0]);
  const accept = (link: string | undefined) =>
    fetch(`${base}/v1/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: new URL(link ?? '').searchParams.get('token'),
        name: 'Root admin',
        password: 'the first admin passphrase',
        email: 'root.admin@example.org',
      }),
    });
  expect((await accept(firstLinks[0])).status).toBe(404);
  expect((await accept(againLinks[0])).status).toBe(200);
  expect(again.stdout()).toContain(`password ${demoPassword}`);
  expect((await client.organisations.list()).items).toHaveLength(7);
  expect(await again.stop('SIGTERM')).toEqual({ code: 0, signal: null });
});

it('refuses a port in use before it creates or seeds its data directory', {
  timeout: 60_000,
}, async () => {
  await using dir = await tempDir('safenet-port-');
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = taken.address() as AddressInfo;
    const dataDir = join(dir.path, 'data');
    await using hub = spawnHub({ SAFENET_DATA_DIR: dataDir, PORT: String(port) });
    const exit = await hub.exited;
    expect(exit.code).toBe(1);
    expect(hub.stderr()).toContain(`127.0.0.1:${port} is already in use`);
    expect(existsSync(dataDir)).toBe(false);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});
