import {
  type FieldError,
  type PlanResponsible,
  type PlanSectionInput,
  programmeProblems,
} from '@safenet/core';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from './plans.tables.js';

/** A plan as the service writes it: parsed, defaults applied. */
export type Sections = z.output<typeof PlanSectionInput>[];

/** What the checks need of the campaign. */
export interface PlanCampaign {
  id: string;
  ownerId: string;
  startsOn: string;
  endsOn: string;
  phases: readonly { key: string; startsOn: string; endsOn: string }[];
}

/** The organisations every responsible entry resolved to: pairs keyed `itemKey`, `orgId`. */
export interface Expansion {
  /** Per item key, org id → byAgreement (an org named twice is by agreement only if both say so). */
  pairs: Map<string, Map<string, boolean>>;
  /** Per rule `kind@under`, the organisations it expanded to. */
  rules: Map<string, string[]>;
}

export const ruleKey = (allOf: string, under: string) => `${allOf}@${under}`;

const joinPath = (prefix: string, parts: readonly (string | number)[]) =>
  [prefix, ...parts.map(String)].join('.');

/**
 * Every problem of a plan for `campaign`, all at once, each with its path under `prefix`
 * (`body.sections` for the API; the file loader passes `plan`): the file's cross-field rules
 * from core (`programmeProblems`: unique keys, deadlines inside the window, known phases,
 * RRULEs that fire), and the tree's — every organisation named must be the campaign owner or
 * beneath it (`plan_responsible_outside_tree`), and a rule must expand to at least one
 * organisation (`plan_rule_matches_nothing`). Answers the expansion too, which is only
 * meaningful when there are no problems.
 */
export async function checkPlan(
  db: Executor,
  campaign: PlanCampaign,
  sections: Sections,
  prefix: string,
): Promise<{ problems: FieldError[]; expansion: Expansion }> {
  const problems: FieldError[] = programmeProblems({
    startsOn: campaign.startsOn,
    endsOn: campaign.endsOn,
    phases: campaign.phases,
    plan: sections,
  })
    .filter((p) => p.path[0] === 'plan')
    .map((p) => ({ path: joinPath(prefix, p.path.slice(1)), code: p.code, message: p.message }));

  const entries: { path: (string | number)[]; itemKey: string; entry: PlanResponsible }[] = [];
  sections.forEach((section, s) => {
    section.items.forEach((item, i) => {
      item.responsible.forEach((entry, r) => {
        entries.push({ path: [s, 'items', i, 'responsible', r], itemKey: item.key, entry });
      });
    });
  });
  const named = [
    ...new Set(entries.map(({ entry }) => ('orgId' in entry ? entry.orgId : entry.under))),
  ];
  const inTree = new Set(
    named.length === 0
      ? []
      : (
          await db
            .selectFrom('organisations')
            .select('id')
            .where('id', 'in', named)
            .where(sql<boolean>`${campaign.ownerId}::uuid = any(path)`)
            .execute()
        ).map((o) => o.id),
  );

  const rules = new Map<string, string[]>();
  for (const { entry } of entries) {
    if ('orgId' in entry || !inTree.has(entry.under)) continue;
    const key = ruleKey(entry.allOf, entry.under);
    if (rules.has(key)) continue;
    const found = await db
      .selectFrom('organisations')
      .select('id')
      .where('kind', '=', entry.allOf)
      .where(sql<boolean>`${entry.under}::uuid = any(path)`)
      .where('id', '<>', entry.under)
      .orderBy('id')
      .execute();
    rules.set(
      key,
      found.map((o) => o.id),
    );
  }

  const pairs = new Map<string, Map<string, boolean>>();
  const add = (itemKey: string, orgId: string, byAgreement: boolean) => {
    const orgs = pairs.get(itemKey) ?? new Map<string, boolean>();
    pairs.set(itemKey, orgs);
    orgs.set(orgId, (orgs.get(orgId) ?? true) && byAgreement);
  };
  for (const { path, itemKey, entry } of entries) {
    const id = 'orgId' in entry ? entry.orgId : entry.under;
    const field = 'orgId' in entry ? 'orgId' : 'under';
    if (!inTree.has(id)) {
      problems.push({
        path: joinPath(prefix, [...path, field]),
        code: 'plan_responsible_outside_tree',
        message: `${id} is not the campaign's owner organisation or one beneath it: name organisations of the owner's subtree`,
      });
      continue;
    }
    if ('orgId' in entry) {
      add(itemKey, entry.orgId, entry.byAgreement);
      continue;
    }
    const expanded = rules.get(ruleKey(entry.allOf, entry.under)) ?? [];
    if (expanded.length === 0) {
      problems.push({
        path: joinPath(prefix, path),
        code: 'plan_rule_matches_nothing',
        message: `no organisation of kind "${entry.allOf}" is beneath ${entry.under}: name another kind or organisation, or add them to the tree first`,
      });
    }
    for (const orgId of expanded) add(itemKey, orgId, entry.byAgreement);
  }
  return { problems, expansion: { pairs, rules } };
}
