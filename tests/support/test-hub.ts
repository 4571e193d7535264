/** The hub's in-process test fixture, for tests outside apps/hub. */
import { TEST_POSTGRES_URL } from '@safenet/hub/testing';

export {
  shouldTestPostgres,
  startTestHub,
  TEST_POSTGRES_URL,
  type TestHub,
} from '@safenet/hub/testing';

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
