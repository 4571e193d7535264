import pg from 'pg';

/**
 * The PostgreSQL the tests use: TEST_DATABASE_URL, else the server CI and the development
 * machines run on 127.0.0.1:5432 (trust auth, database `test`).
 */
export const TEST_POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True in CI, where a missing PostgreSQL must fail the run rather than skip its tests. */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Whether the test PostgreSQL answers. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: TEST_POSTGRES_URL,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether to run the PostgreSQL variants: yes when the server answers; in CI a missing
 * server throws, so the run fails loudly instead of passing with the tests skipped.
 */
export async function shouldTestPostgres(): Promise<boolean> {
  if (await postgresAvailable()) return true;
  if (IN_CI) {
    throw new Error(
      `CI=true but PostgreSQL at ${TEST_POSTGRES_URL} is unreachable: start it (../shared/services.sh) or set TEST_DATABASE_URL`,
    );
  }
  return false;
}

/** A database backend to run a suite against, and whether it can run here. */
export interface TestBackend {
  name: string;
  database: 'embedded' | 'postgres';
  run: boolean;
}

/**
 * Both backends for `describe.each`: the embedded store always, PostgreSQL when it answers
 * (its title says why when it is skipped; in CI a missing server throws instead).
 */
export async function testBackends(): Promise<TestBackend[]> {
  const withPostgres = await shouldTestPostgres();
  return [
    { name: 'embedded', database: 'embedded', run: true },
    {
      name: withPostgres
        ? 'PostgreSQL'
        : `PostgreSQL (skipped: ${TEST_POSTGRES_URL} is unreachable)`,
      database: 'postgres',
      run: withPostgres,
    },
  ];
}
