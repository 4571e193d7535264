import type { Recommendation } from '@safenet/core';
import type { Selectable } from 'kysely';
import type { RecommendationsTable } from './content.tables.js';

// Rows become API records here and nowhere else. Casts narrow text columns to the unions
// the hub itself wrote into them.

const iso = (date: Date) => date.toISOString();

export function toRecommendation(row: Selectable<RecommendationsTable>): Recommendation {
  return {
    id: row.id,
    orgId: row.org_id,
    topic: row.topic,
    title: row.title,
    body: row.body,
    targetRoles: row.target_roles as Recommendation['targetRoles'],
    targetAgeBands: row.target_age_bands,
    status: row.status as Recommendation['status'],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
