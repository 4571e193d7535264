/**
 * The hub's in-process test fixture, for tests outside apps/hub. The type-only import brings
 * in the declaration of the `hubTemplate` value the global setup provides (its
 * `declare module 'vitest'` lives there), which this tsconfig would not see otherwise.
 */
import type {} from '../../apps/hub/src/testing/global-setup.js';

import { TEST_POSTGRES_URL } from '../../apps/hub/src/testing/test-env.js';

export { shouldTestPostgres, TEST_POSTGRES_URL } from '../../apps/hub/src/testing/test-env.js';
export { startTestHub, type TestHub } from '../../apps/hub/src/testing/test-hub.js';

/**
 * The name of a PostgreSQL variant, saying why when it is skipped (`shouldTestPostgres()`
 * throws in CI instead, so there it never is).
 *
 * @example
 * describe.runIf(postgres)(postgresVariant(postgres), () => { … });
 */
export function postgresVariant(available: boolean): string {
  return available
    ? 'on PostgreSQL'
    : `on PostgreSQL — skipped: ${TEST_POSTGRES_URL} is unreachable (start it with ../shared/services.sh; in CI this fails)`;
}
