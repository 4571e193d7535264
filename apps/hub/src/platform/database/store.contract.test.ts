import { describe } from 'vitest';
import { embeddedBackend, postgresBackend, storeContract } from '../../testing/store-contract.js';
import { shouldTestPostgres, TEST_POSTGRES_URL } from '../../testing/test-env.js';

const withPostgres = await shouldTestPostgres();

storeContract(embeddedBackend);

describe.runIf(withPostgres)(
  withPostgres ? 'PostgreSQL' : `PostgreSQL (skipped: ${TEST_POSTGRES_URL} is unreachable)`,
  () => {
    storeContract(postgresBackend);
  },
);
