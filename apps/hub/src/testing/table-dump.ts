import { sql } from 'kysely';
import type { TestHub } from './test-hub.js';

/**
 * Every table of `schemas`, each dumped whole as JSON text: what a privacy test scans for a
 * person's data after an erasure or a purge.
 */
export async function dumpTables(th: TestHub, schemas: string[]): Promise<Map<string, string>> {
  const tables = await sql<{ table_schema: string; table_name: string }>`
    select table_schema, table_name from information_schema.tables
    where table_schema in (${sql.join(schemas)}) and table_type = 'BASE TABLE'
    order by table_schema, table_name`.execute(th.hub.db);
  const dump = new Map<string, string>();
  for (const { table_schema, table_name } of tables.rows) {
    const rows = await sql`select * from ${sql.table(`${table_schema}.${table_name}`)}`.execute(
      th.hub.db,
    );
    dump.set(`${table_schema}.${table_name}`, JSON.stringify(rows.rows));
  }
  return dump;
}
