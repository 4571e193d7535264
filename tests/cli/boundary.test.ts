/**
 * The `cli-through-sdk-only` rule of .dependency-cruiser.cjs catches apps/cli importing core or
 * the hub — by package name (resolved, as in the repository, into a package's dist/) and by
 * path — and lets the SDK through. Run on a small tree that mirrors the repository's layout.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, beforeAll, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

const FILES: Record<string, string> = {
  'packages/core/package.json': JSON.stringify({ name: '@safenet/core', main: 'dist/index.js' }),
  'packages/core/dist/index.js': 'export const core = 1;\n',
  'packages/sdk/package.json': JSON.stringify({ name: '@safenet/sdk', main: 'dist/index.js' }),
  'packages/sdk/dist/index.js': 'export const sdk = 1;\n',
  'apps/hub/src/hub.ts': 'export const hub = 1;\n',
  'apps/cli/src/by-name.ts': "import { core } from '@safenet/core';\nexport const a = core;\n",
  'apps/cli/src/by-path.ts': "import { hub } from '../../hub/src/hub.js';\nexport const b = hub;\n",
  'apps/cli/src/ok.ts': "import { sdk } from '@safenet/sdk';\nexport const c = sdk;\n",
};

let dir: string;
let found: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safenet-cli-boundary-'));
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  // Workspace links, as npm makes them.
  await mkdir(join(dir, 'node_modules/@safenet'), { recursive: true });
  await symlink('../../packages/core', join(dir, 'node_modules/@safenet/core'), 'dir');
  await symlink('../../packages/sdk', join(dir, 'node_modules/@safenet/sdk'), 'dir');
  const { options = {}, ...ruleSet } = config;
  const { tsConfig: _, ...rest } = options;
  const { output } = await cruise(['apps/cli/src'], {
    ...rest,
    baseDir: dir,
    ruleSet,
    validate: true,
  });
  found = (output as ICruiseResult).summary.violations
    .map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`)
    .sort();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('cli-through-sdk-only: core by name and the hub by path are caught, the SDK is not', () => {
  expect(found).toEqual([
    'cli-through-sdk-only: apps/cli/src/by-name.ts → packages/core/dist/index.js',
    'cli-through-sdk-only: apps/cli/src/by-path.ts → apps/hub/src/hub.ts',
  ]);
});
