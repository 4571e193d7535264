import {
  exportSheetNames,
  FOLLOW_UP_ROLES,
  type Language,
  type MissingRow,
  missingTable,
  type OrganisationKind,
  type ReportExportQuery,
  type ReportMissing,
  type ReportPeriod,
  type ReportRollUp,
  type ReportRollUpQuery,
  type Role,
  type RollUpNode,
  type RollUpOrg,
  rollUpReports,
  rollUpTable,
  toCsv,
} from '@safenet/core';
import ExcelJS from 'exceljs';
import { type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { audiencePage, contactsByIds } from '../contacts/index.js';
import { markApprovals } from './report-approval.js';
import { orgInSubtree, periodOf, type ReportsDeps, visibleForm } from './reports.access.js';
import { expectedIn, type FormWithOwner } from './reports.store.js';
import { type Executor, own } from './reports.tables.js';

/** The roll-up of a period up the tree, who is missing, and the roll-up as a CSV file. */

const inSubtreeOf = (root: string) => sql<SqlBool>`o.path @> array[${root}]::uuid[]`;

type SubtreeOrg = RollUpOrg & { code: string | null };

/**
 * What a roll-up of `rootId`'s subtree reads, in three queries whatever its size: the
 * subtree's organisations, the expected set (one query over the assignment's rules), and the
 * period's current submissions of the subtree. A campaign's targets read the same.
 */
export async function loadSubtree(
  db: Executor,
  form: FormWithOwner,
  periodKey: string,
  rootId: string,
) {
  const [orgs, expected, submissions] = await Promise.all([
    sql<{ id: string; parent_id: string | null; kind: string; name: string; code: string | null }>`
      select o.id, o.parent_id, o.kind, o.name, o.code from organisations o
       where ${inSubtreeOf(rootId)}`.execute(db),
    expectedIn(db, form.id, rootId),
    sql<{
      org_id: string;
      state: string;
      values: Record<string, unknown>;
      on_time: boolean | null;
    }>`
      select s.org_id, s.state, s."values", s.on_time
        from report_submissions s join organisations o on o.id = s.org_id
       where s.form_id = ${form.id} and s.period_key = ${periodKey} and s.version > 0
         and ${inSubtreeOf(rootId)}`.execute(db),
  ]);
  return {
    orgs: orgs.rows.map(
      (o): SubtreeOrg => ({
        id: o.id,
        // The root's parent lies outside the subtree read.
        parentId: o.id === rootId ? null : o.parent_id,
        kind: o.kind as OrganisationKind,
        name: o.name,
        code: o.code,
      }),
    ),
    expected: new Set(expected),
    submissions: submissions.rows.map((s) => ({
      orgId: s.org_id,
      state: s.state as 'draft' | 'submitted' | 'returned' | 'approved',
      values: s.values,
      onTime: s.on_time,
    })),
  };
}

/** The organisation a roll-up reads by default: yours, or the form's owner when you are above it. */
function defaultRoot(auth: AuthContext, form: FormWithOwner): string {
  return form.owner_path.includes(auth.orgId) ? form.org_id : auth.orgId;
}

interface Computed {
  form: FormWithOwner;
  period: ReportPeriod;
  root: { id: string; defaultLanguage: string };
  node: RollUpNode;
  rows: RollUpNode[];
  orgs: SubtreeOrg[];
}

async function compute(
  deps: ReportsDeps,
  auth: AuthContext,
  formId: string,
  periodKey: string,
  query: { orgId?: string | undefined; level?: OrganisationKind | undefined },
): Promise<Computed> {
  const db = own(deps.db);
  const form = await visibleForm(db, auth, formId);
  const period = periodOf(form, periodKey);
  const root = await orgInSubtree(db, auth, query.orgId ?? defaultRoot(auth, form));
  const loaded = await loadSubtree(db, form, periodKey, root.id);
  const byName = (a: SubtreeOrg, b: SubtreeOrg) =>
    a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const rowOrgs = loaded.orgs
    .filter((o) => (query.level ? o.kind === query.level : o.parentId === root.id))
    .sort(byName);
  const [node, ...rows] = await markApprovals(
    db,
    { formId, periodKey },
    root.path,
    loaded.orgs,
    rollUpReports({ fields: form.fields, ...loaded }, [root.id, ...rowOrgs.map((o) => o.id)]),
  );
  return {
    form,
    period,
    root: { id: root.id, defaultLanguage: root.default_language },
    node: node as RollUpNode,
    rows,
    orgs: loaded.orgs,
  };
}

/** `GET …/rollup`: the organisation's node and one row per organisation at the level. */
export async function getRollUp(
  deps: ReportsDeps,
  auth: AuthContext,
  formId: string,
  periodKey: string,
  query: z.output<typeof ReportRollUpQuery>,
): Promise<ReportRollUp> {
  const { period, node, rows } = await compute(deps, auth, formId, periodKey, query);
  return { formId, period, node, rows };
}

/**
 * `GET …/missing`: the expected organisations of the subtree without a submission, by name,
 * each with its people who answer for it — every role but parents, as reminders reach them.
 */
export async function getMissing(
  deps: ReportsDeps,
  auth: AuthContext,
  formId: string,
  periodKey: string,
  query: { orgId?: string | undefined },
): Promise<ReportMissing> {
  const { period, node, orgs, root } = await compute(deps, auth, formId, periodKey, query);
  const missing = node.completeness.missing;
  const contacts = await responsibleContacts(deps, root.id, missing);
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return {
    formId,
    period,
    orgId: root.id,
    missing: missing.map((orgId) => {
      const org = byId.get(orgId) as SubtreeOrg;
      return {
        orgId,
        name: org.name,
        kind: org.kind,
        code: org.code,
        contacts: contacts.get(orgId) ?? [],
      };
    }),
  };
}

const CONTACTS_PAGE = 1_000;

/** The people of exactly `orgIds` (beneath `rootId`) in the follow-up roles, by organisation. */
async function responsibleContacts(deps: ReportsDeps, rootId: string, orgIds: readonly string[]) {
  const byOrg = new Map<string, ReportMissing['missing'][number]['contacts']>();
  if (orgIds.length === 0) return byOrg;
  const query = { orgIds: [...orgIds], roles: [...FOLLOW_UP_ROLES] as Role[] };
  let after: string | null = null;
  for (;;) {
    const page = await audiencePage(deps.db, rootId, query, after, CONTACTS_PAGE);
    const rows = await contactsByIds(
      deps.db,
      page.map((c) => c.id),
    );
    for (const c of rows.sort((a, b) => a.id.localeCompare(b.id))) {
      const list = byOrg.get(c.org_id) ?? [];
      byOrg.set(c.org_id, list);
      list.push({
        id: c.id,
        displayName: c.display_name,
        role: c.role as Role,
        language: c.language as Language,
        addresses: c.addresses,
      });
    }
    if (page.length < CONTACTS_PAGE) return byOrg;
    after = page.at(-1)?.id ?? null;
  }
}

/** An export: its file name, media type and body. */
export interface ExportFile {
  filename: string;
  type: string;
  body: string | Buffer;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `GET …/export`: one row per organisation at the level, then the totals row — as CSV with a
 * BOM (`part=missing`: the missing list instead), or as an XLSX workbook holding both, the
 * roll-up and the missing list, as sheets; headers in `language` (default: the organisation's).
 */
export async function exportRollUp(
  deps: ReportsDeps,
  auth: AuthContext,
  formId: string,
  periodKey: string,
  query: z.output<typeof ReportExportQuery>,
): Promise<ExportFile> {
  const { form, period, node, rows, orgs, root } = await compute(
    deps,
    auth,
    formId,
    periodKey,
    query,
  );
  const byId = new Map(orgs.map((o) => [o.id, o] as const));
  const codes = new Map(orgs.flatMap((o) => (o.code ? [[o.id, o.code] as const] : [])));
  const language = query.language ?? (root.defaultLanguage as Language);
  const rollUp = () => rollUpTable(form.fields, rows, node, language, codes);
  const missing = () =>
    missingTable(
      node.completeness.missing.map((id): MissingRow => {
        const org = byId.get(id);
        const parent = org?.parentId ? byId.get(org.parentId) : undefined;
        return { name: org?.name ?? id, code: org?.code ?? null, parentName: parent?.name ?? null };
      }),
      language,
    );
  const base = `${form.key}-${period.key}-${query.level ?? 'children'}`;
  if (query.format === 'xlsx') {
    const names = exportSheetNames(language);
    return {
      filename: `${base}.xlsx`,
      type: XLSX_TYPE,
      body: await workbook([
        [names.rollUp, rollUp()],
        [names.missing, missing()],
      ]),
    };
  }
  return query.part === 'missing'
    ? { filename: `${base}-missing.csv`, type: 'text/csv; charset=utf-8', body: toCsv(missing()) }
    : { filename: `${base}.csv`, type: 'text/csv; charset=utf-8', body: toCsv(rollUp()) };
}

/** A plain number as the tables write it ("212", "93.8"), which a sheet stores as a number. */
const NUMBER = /^-?\d+(\.\d+)?$/;

/** A table's text as a sheet's cell: a number, an empty cell (not an empty text), or text. */
const sheetCell = (value: string): string | number | null =>
  value === '' ? null : NUMBER.test(value) ? Number(value) : value;

/**
 * Tables as an XLSX workbook (exceljs), one sheet each: the header row bold and frozen, plain
 * numbers stored as numbers (so a sheet sums them), nothing as empty cells, everything else as text — never as a
 * formula, whatever an answer starts with.
 */
async function workbook(sheets: readonly (readonly [string, string[][]])[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Safenet';
  for (const [name, table] of sheets) {
    const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    table.forEach((row, index) => {
      sheet.addRow(index > 0 ? row.map(sheetCell) : row);
    });
    sheet.getRow(1).font = { bold: true };
    sheet.columns.forEach((column, index) => {
      const longest = Math.max(...table.map((row) => (row[index] ?? '').length));
      column.width = Math.min(60, Math.max(10, longest + 2));
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
