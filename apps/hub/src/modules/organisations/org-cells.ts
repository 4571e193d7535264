import { sql } from 'kysely';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { OrganisationRow } from './organisations.tables.js';
import { own } from './organisations.tables.js';

/** What a spreadsheet's organisation cell named: one organisation, none, or several. */
export type OrgCellResolution =
  | { org: OrganisationRow }
  | { problem: 'unknown' | 'ambiguous'; detail: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PATH_SEPARATOR = /\s*[/>]\s*/;

/**
 * Resolves the organisation cells of a spreadsheet, within the subtree of `base` (nothing
 * outside it is told apart from what does not exist). A cell is an organisation's id, its
 * code, a path of names from `base` down (`Gia Lâm / School No. 5`, also with `>`), or one
 * name — of the only organisation so named anywhere under `base`. Three queries, whatever the
 * number of cells.
 */
export async function resolveOrgCells(
  db: ExecutorHandle,
  base: OrganisationRow,
  cells: readonly string[],
): Promise<Map<string, OrgCellResolution>> {
  const q = own(db);
  const distinct = [...new Set(cells)];
  if (distinct.length === 0) return new Map();
  const ids = distinct.filter((c) => UUID.test(c)).map((c) => c.toLowerCase());
  const paths = distinct.map((c) => c.split(PATH_SEPARATOR).filter((n) => n !== ''));
  const names = [...new Set(paths.flat())];
  const [byId, byCode, named] = await Promise.all([
    ids.length === 0
      ? []
      : q
          .selectFrom('organisations')
          .selectAll()
          .where(sql<string>`id::text`, 'in', ids)
          .where(inSubtree('organisations.id', base.id))
          .execute(),
    q
      .selectFrom('organisations')
      .selectAll()
      .where('code', 'in', distinct)
      .where(inSubtree('organisations.id', base.id))
      .execute(),
    names.length === 0
      ? []
      : q
          .selectFrom('organisations')
          .selectAll()
          .where('name', 'in', names)
          .where(inSubtree('organisations.id', base.id))
          .execute(),
  ]);
  const result = new Map<string, OrgCellResolution>();
  for (const [index, cell] of distinct.entries()) {
    const found =
      byId.find((o) => o.id === cell.toLowerCase()) ?? byCode.find((o) => o.code === cell);
    if (found) {
      result.set(cell, { org: found });
      continue;
    }
    const path = paths[index] as string[];
    if (path.length === 1) {
      const matches = named.filter((o) => o.name === path[0] && o.id !== base.id);
      result.set(
        cell,
        matches.length === 1
          ? { org: matches[0] as OrganisationRow }
          : {
              problem: matches.length === 0 ? 'unknown' : 'ambiguous',
              detail: matches.length === 0 ? cell : `${matches.length}`,
            },
      );
      continue;
    }
    let current: OrganisationRow | undefined = base;
    for (const name of path) {
      const children: OrganisationRow[] = named.filter(
        (o) => o.parent_id === current?.id && o.name === name,
      );
      current = children.length === 1 ? children[0] : undefined;
      if (!current) break;
    }
    result.set(cell, current ? { org: current } : { problem: 'unknown', detail: cell });
  }
  return result;
}

/** An organisation by id, wherever it is (the caller has checked its reach). */
export function organisationById(db: ExecutorHandle, id: string): Promise<OrganisationRow> {
  return own(db)
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The organisations of these ids (those that exist), in no order. */
export function organisationsByIds(
  db: ExecutorHandle,
  ids: readonly string[],
): Promise<OrganisationRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return own(db).selectFrom('organisations').selectAll().where('id', 'in', ids).execute();
}
