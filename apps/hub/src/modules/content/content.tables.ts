import type { AgeBand } from '@safenet/core';
import type { Json, Timestamp } from '../../platform/database/schema.js';

export interface RecommendationsTable {
  id: string;
  org_id: string;
  topic: string;
  title: Json<Record<string, string>>;
  body: Json<Record<string, string>>;
  target_roles: string[];
  target_age_bands: Json<AgeBand[]>;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The tables of the content module. */
export interface ContentTables {
  recommendations: RecommendationsTable;
}
