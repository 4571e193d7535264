import type { Consents } from '@safenet/core';
import type { Kysely, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/**
 * The columns of `contacts` (the contacts module's table) the consent module owns or reads:
 * it owns `consents`, every change of which goes through `setConsent` or `mergeConsents`,
 * and reads a contact's language for the unsubscribe page. The consent module has no table.
 */
type ContactConsents = {
  contacts: {
    id: string;
    language: string;
    consents: Json<Consents>;
    updated_at: Timestamp;
  };
};

/** What the consent module's code sees: the platform's tables and the consent columns. */
type View = PlatformTables & ContactConsents;

/** Opens a database handle as the consent module's view (see `tablesView`). */
export const own = tablesView<ContactConsents>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
