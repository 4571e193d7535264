import type { AgeBand, Consents } from '@safenet/core';
import type { Selectable } from 'kysely';
import type { Json, Timestamp } from '../../platform/database/schema.js';

export interface ContactsTable {
  id: string;
  org_id: string;
  org_path: string[];
  external_ref: string | null;
  display_name: string | null;
  role: string;
  language: string;
  time_zone: string;
  child_age_bands: Json<AgeBand[]>;
  addresses: Json<Record<string, string>>;
  consents: Json<Consents>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The tables of the contacts module. */
export interface ContactsTables {
  contacts: ContactsTable;
}

export type ContactRow = Selectable<ContactsTable>;
