import { describe } from 'vitest';
import { embeddedBackend, postgresBackend, storeContract } from '../testing/store-contract.js';
import { shouldTestPostgres } from '../testing/test-env.js';

const withPostgres = await shouldTestPostgres();

storeContract(embeddedBackend);

describe.runIf(withPostgres)('PostgreSQL', () => {
  storeContract(postgresBackend);
});
