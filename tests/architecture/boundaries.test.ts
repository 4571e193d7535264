/**
 * The boundary rules of `.dependency-cruiser.cjs` (run by `npm run lint:boundaries`) each catch
 * a deliberate violation, and let its allowed counterpart pass. They run against a small tree
 * written to a temporary folder that mirrors the repository's layout; the rules are the ones
 * the config file exports, so the test and the check cannot drift apart. A last test runs the
 * config over the real repository, as the lint script does, and expects no error.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cruise,
  type IConfiguration,
  type ICruiseOptions,
  type ICruiseResult,
  type IViolation,
} from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

/** The cruise options the CLI builds from the config file, rooted at `baseDir`. */
function optionsAt(baseDir: string): ICruiseOptions {
  const { options = {}, ...ruleSet } = config;
  return { ...options, baseDir, ruleSet, validate: true };
}

async function violations(
  baseDir: string,
  paths: string[],
  tsConfig?: ReturnType<typeof extractTSConfig>,
): Promise<IViolation[]> {
  const { output } = await cruise(paths, optionsAt(baseDir), undefined, { tsConfig });
  if (typeof output === 'string') throw new Error('expected a cruise result, got a report');
  return (output as ICruiseResult).summary.violations;
}

/** Each violation as `rule: from → to`, sorted, so a test compares them in one assertion. */
const named = (found: IViolation[], rule?: string) =>
  found
    .filter((v) => rule === undefined || v.rule.name === rule)
    .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
    .sort();

/**
 * The fixture: for each rule one file that breaks it and files that do what it allows.
 * A fake `kysely` and the `@safenet/tests` workspace link sit in its node_modules.
 */
const FILES: Record<string, string> = {
  'node_modules/kysely/package.json': JSON.stringify({ name: 'kysely', main: 'index.js' }),
  'node_modules/kysely/index.js': 'export const sql = {};\n',
  'node_modules/kysely/index.d.ts': 'export declare const sql: object;\nexport type Kysely = {};\n',

  'apps/hub/src/config.ts': 'export const config = {};\n',
  'apps/hub/src/hub.ts': "import { a } from './modules/a/index.js';\nexport const hub = a;\n",
  'apps/hub/src/y.ts': 'export const y = 1;\n',
  'apps/hub/src/testing/t.ts': "import { hub } from '../hub.js';\nexport const t = hub;\n",

  // platform/: imports a module (broken), the composition root (broken), itself and config.ts.
  'apps/hub/src/platform/x.ts': "import { y } from '../modules/m/y.js';\nexport const x = y;\n",
  'apps/hub/src/platform/root.ts': "import { hub } from '../hub.js';\nexport const r = hub;\n",
  'apps/hub/src/platform/ok.ts':
    "import { config } from '../config.js';\nimport { w } from './w.js';\nexport const ok = [config, w];\n",
  'apps/hub/src/platform/w.ts': 'export const w = 1;\n',
  'apps/hub/src/platform/w.test.ts': "import { t } from '../testing/t.js';\nexport const u = t;\n",

  // modules/: a reaches into b's store (broken) and through b's door (allowed).
  'apps/hub/src/modules/database.ts':
    "import type { ATable } from './a/a.tables.js';\nexport type Database = ATable;\n",
  'apps/hub/src/modules/m/y.ts': 'export const y = 1;\n',
  'apps/hub/src/modules/a/index.ts': "export { a } from './a.service.js';\n",
  'apps/hub/src/modules/a/a.tables.ts': 'export interface ATable { id: string }\n',
  'apps/hub/src/modules/a/a.service.ts': [
    "import type { Database } from '../database.js';",
    "import { b } from '../b/index.js';",
    "import { bRow } from '../b/b.store.js';",
    "import { aRow } from './a.store.js';",
    'export const a = [b, bRow, aRow] as unknown as Database;',
    '',
  ].join('\n'),
  'apps/hub/src/modules/a/a.store.ts': "import { sql } from 'kysely';\nexport const aRow = sql;\n",
  'apps/hub/src/modules/a/a.routes.ts': "import { sql } from 'kysely';\nexport const r = sql;\n",
  'apps/hub/src/modules/a/typed.routes.ts':
    "import type { Kysely } from 'kysely';\nexport type R = Kysely;\n",
  'apps/hub/src/modules/a/clean.routes.ts':
    "import { a } from './a.service.js';\nexport const c = a;\n",
  'apps/hub/src/modules/b/index.ts': "export const b = 1;\nexport { bRow } from './b.store.js';\n",
  'apps/hub/src/modules/b/b.store.ts': 'export const bRow = 1;\n',

  // tests/ and bench/: a package's sources by path (broken), tests/ by path (broken) and by name.
  'tests/package.json': JSON.stringify({
    name: '@safenet/tests',
    exports: { './support/*': './support/*.ts' },
  }),
  'tests/support/s.ts': 'export const s = 1;\n',
  'tests/x.test.ts': "import { y } from '../apps/hub/src/y.js';\nexport const x = y;\n",
  'tests/ok.test.ts': "import { s } from './support/s.js';\nexport const ok = s;\n",
  'bench/by-path.bench.ts': "import { s } from '../tests/support/s.js';\nexport const b = s;\n",
  'bench/by-name.bench.ts': "import { s } from '@safenet/tests/support/s';\nexport const b = s;\n",
};

describe('the boundary rules', () => {
  let dir: string;
  let found: IViolation[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'safenet-boundaries-'));
    for (const [path, text] of Object.entries(FILES)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    await mkdir(join(dir, 'node_modules/@safenet'), { recursive: true });
    await symlink('../../tests', join(dir, 'node_modules/@safenet/tests'), 'dir');
    found = await violations(dir, ['apps/hub/src', 'tests', 'bench']);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('route-files-no-kysely: a route file importing kysely, for values or for types', () => {
    expect(named(found, 'route-files-no-kysely')).toEqual([
      'route-files-no-kysely: apps/hub/src/modules/a/a.routes.ts → node_modules/kysely/index.js',
      'route-files-no-kysely: apps/hub/src/modules/a/typed.routes.ts → node_modules/kysely/index.js',
    ]);
  });

  it('platform-imports-no-module: platform/ importing a module or the composition root', () => {
    expect(named(found, 'platform-imports-no-module')).toEqual([
      'platform-imports-no-module: apps/hub/src/platform/root.ts → apps/hub/src/hub.ts',
      'platform-imports-no-module: apps/hub/src/platform/x.ts → apps/hub/src/modules/m/y.ts',
    ]);
  });

  it("module-through-index: a module importing another module's file other than index.ts", () => {
    expect(named(found, 'module-through-index')).toEqual([
      'module-through-index: apps/hub/src/modules/a/a.service.ts → apps/hub/src/modules/b/b.store.ts',
    ]);
  });

  it("tests-bench-by-package-name: tests/ importing a package's sources by path", () => {
    expect(named(found, 'tests-bench-by-package-name')).toEqual([
      'tests-bench-by-package-name: tests/x.test.ts → apps/hub/src/y.ts',
    ]);
  });

  it('bench-tests-by-package-name: bench/ importing tests/ by a relative path', () => {
    expect(named(found, 'bench-tests-by-package-name')).toEqual([
      'bench-tests-by-package-name: bench/by-path.bench.ts → tests/support/s.ts',
    ]);
  });

  it('reports nothing else: the doors, platform to platform and config.ts, tests by name', () => {
    expect(found.map((v) => v.rule.severity)).toEqual(found.map(() => 'error'));
    expect(found).toHaveLength(7);
  });
});

describe('the repository', () => {
  it('keeps every boundary (as `npm run lint:boundaries` checks)', async () => {
    const tsConfig = extractTSConfig(join(ROOT, 'apps/hub/tsconfig.json'));
    const found = await violations(ROOT, ['apps/hub/src', 'tests', 'bench'], tsConfig);
    expect(named(found.filter((v) => v.rule.severity === 'error'))).toEqual([]);
  });
});
