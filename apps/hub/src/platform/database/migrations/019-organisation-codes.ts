import { type Kysely, sql } from 'kysely';

/**
 * Organisation codes (issue 12, the programme file): `organisations.code`, the code or
 * external id a ministry uses for an organisation (a school's code), by which a programme
 * file may name it (`{ code }`).
 *
 * Unique within one root's tree, not across the hub: a root is a tenant (one country's
 * ministry), and two ministries number their schools independently — Kazakhstan's "001" and
 * Vietnam's "001" are different schools. Every reference a file makes is resolved inside the
 * loading key's subtree, which lies in one root's tree, so a code there names at most one
 * organisation. `path[1]` is the root's id (paths start at the root). Partial: most
 * organisations have no code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE organisations ADD COLUMN code text`.execute(db);
  await sql`CREATE UNIQUE INDEX organisations_root_code ON organisations ((path[1]), code)
      WHERE code IS NOT NULL`.execute(db);
}
