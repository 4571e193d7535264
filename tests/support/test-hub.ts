/**
 * The hub's in-process test fixture, for tests outside apps/hub. The type-only import brings
 * in the declaration of the `hubTemplate` value the global setup provides (its
 * `declare module 'vitest'` lives there), which this tsconfig would not see otherwise.
 */
import type {} from '../../apps/hub/src/testing/global-setup.js';

export {
  shouldTestPostgres,
  TEST_POSTGRES_URL,
} from '../../apps/hub/src/testing/test-env.js';
export { startTestHub, type TestHub } from '../../apps/hub/src/testing/test-hub.js';
