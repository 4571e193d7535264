import type { Consents } from '@safenet/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/** One change of a contact's consent on a channel (migration 014). */
export interface ConsentEventsTable {
  id: string;
  contact_id: string;
  channel: string;
  status: string;
  source: string;
  at: Timestamp;
  recorded_at: Timestamp;
  actor_kind: string;
  actor_id: string | null;
}

/** The tables of the consent module. */
export interface ConsentTables {
  consent_events: ConsentEventsTable;
}

export type ConsentEventRow = Selectable<ConsentEventsTable>;

/**
 * The columns of `contacts` (the contacts module's table) the consent module owns or reads:
 * it owns `consents`, every change of which goes through `setConsent` or `mergeConsents` and
 * is recorded in `consent_events`; it reads a contact's language for the unsubscribe page and
 * its organisation for the history's scope.
 */
type ContactConsents = {
  contacts: {
    id: string;
    org_id: string;
    language: string;
    consents: Json<Consents>;
    updated_at: Timestamp;
  };
};

/** What the consent module's code sees: the platform's tables, the consent columns, its own. */
type View = PlatformTables & ContactConsents & ConsentTables;

/** Opens a database handle as the consent module's view (see `tablesView`). */
export const own = tablesView<ContactConsents & ConsentTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
