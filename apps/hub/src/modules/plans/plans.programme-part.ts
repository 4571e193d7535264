import type { CampaignStatus, PlanSection, ProgrammeFile } from '@safenet/core';
import stringify from 'safe-stable-stringify';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import type { PartProblem, ProgrammePart, ResolvedProgramme } from '../campaigns/index.js';
import { checkPlan, type Sections } from './plans.checks.js';
import { writePlan } from './plans.service.js';
import { readPlan } from './plans.store.js';
import { type Executor, own } from './plans.tables.js';

/** The statuses whose plan no longer changes (as `writePlan` refuses them). */
const FROZEN: ReadonlySet<CampaignStatus> = new Set(['completed', 'archived', 'cancelled']);

/**
 * The file's plan as the plans module writes it: every organisation reference replaced by the
 * id the loader resolved it to. A reference that did not resolve (reported already) is left
 * out, and `origin` maps an entry's index back to its index in the file, so a problem found
 * on what is left still points at the file's own line.
 */
function sectionsOf(plan: readonly PlanSection[], resolved: ResolvedProgramme) {
  const origins = new Map<string, number>();
  const sections: Sections = plan.map((section, s) => ({
    key: section.key,
    title: section.title,
    items: section.items.map((item, i) => {
      const responsible: Sections[number]['items'][number]['responsible'] = [];
      item.responsible.forEach((entry, r) => {
        const at = `plan[${s}].items[${i}].responsible[${r}]`;
        const byAgreement = entry.byAgreement ?? false;
        const org = resolved.org(`${at}.${'org' in entry ? 'org' : 'under'}`);
        if (!org) return;
        origins.set(`${s}/${i}/${responsible.length}`, r);
        responsible.push(
          'org' in entry
            ? { orgId: org.id, byAgreement }
            : { allOf: entry.allOf, under: org.id, byAgreement },
        );
      });
      return {
        key: item.key,
        number: item.number,
        title: item.title,
        completionForm: item.completionForm,
        deadline: item.deadline,
        responsible,
        ...(item.phase === undefined ? {} : { phase: item.phase }),
      };
    }),
  }));
  /** `plan.0.items.3.responsible.1.under` (checkPlan's) → the segments of the file's path. */
  const origin = (path: string): (string | number)[] => {
    const at = path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const [, s, , i, field, r] = at;
    if (field === 'responsible' && typeof r === 'number') {
      at[5] = origins.get(`${s}/${i}/${r}`) ?? r;
    }
    return at;
  };
  return { sections, origin };
}

/**
 * A plan's sections as a file writes them, organisations named `{ id }`: what `read` exports,
 * and what a frozen campaign's stored plan and a file's plan are compared as (expansion and
 * pair counts left out).
 */
function asFile(sections: Sections | Awaited<ReturnType<typeof readPlan>>): PlanSection[] {
  return sections.map((section) => ({
    key: section.key,
    title: section.title,
    items: section.items.map((item) => ({
      key: item.key,
      number: item.number,
      title: item.title,
      completionForm: item.completionForm,
      deadline: item.deadline,
      responsible: item.responsible.map((entry) => ({
        ...('orgId' in entry
          ? { org: { id: entry.orgId } }
          : { allOf: entry.allOf, under: { id: entry.under } }),
        ...(entry.byAgreement ? { byAgreement: true } : {}),
      })),
      ...(item.phase ? { phase: item.phase } : {}),
    })),
  }));
}

/** Every row of a campaign's plan, its pairs' statuses included: what a write may change. */
async function snapshot(db: Executor, campaignId: string): Promise<string> {
  const [sections, items, responsibles, assignments] = await Promise.all([
    db.selectFrom('plan_sections').selectAll().where('campaign_id', '=', campaignId).execute(),
    db.selectFrom('plan_items').selectAll().where('campaign_id', '=', campaignId).execute(),
    db.selectFrom('plan_responsibles').selectAll().where('campaign_id', '=', campaignId).execute(),
    db.selectFrom('plan_assignments').selectAll().where('campaign_id', '=', campaignId).execute(),
  ]);
  const sorted = (rows: readonly object[]) => rows.map((row) => stringify(row) as string).sort();
  return JSON.stringify([sections, items, responsibles, assignments].map(sorted));
}

/**
 * The `plan` part of a programme file: the campaign's activity plan — sections, numbered items
 * with deadlines and phases, responsible organisations and assignment rules — written by key
 * as `PUT /v1/campaigns/:id/plan` writes it (`writePlan`: an item that stays keeps its pairs'
 * statuses; what the file no longer has is deleted). A file without `plan` leaves the stored
 * plan alone (`plan: []` removes it).
 *
 * Its problems are judged on the file: the loader has resolved every organisation and checked
 * it is in the owner's subtree; this adds the rules that read the tree (an assignment rule
 * that covers no organisation), with the file's window and phases (the campaign part has not
 * written them yet). A completed, archived or cancelled campaign's plan does not change
 * (`plan_edit_forbidden`); loading its file unchanged is fine.
 */
export function planProgrammePart(): ProgrammePart {
  return {
    name: 'plan',
    sections: ['plan'],

    async read(handle, campaign) {
      const stored = await readPlan(own(handle), campaign.id);
      return stored.length > 0 ? { plan: asFile(stored) } : {};
    },

    async problems(file, resolved, handle, campaign) {
      if (file.plan === undefined) return [];
      const db = own(handle);
      const { sections, origin } = sectionsOf(file.plan, resolved);
      const checked = await checkPlan(
        db,
        {
          id: campaign?.id ?? '',
          ownerId: resolved.owner.id,
          startsOn: file.startsOn,
          endsOn: file.endsOn,
          phases: file.phases ?? [],
        },
        sections,
        'plan',
      );
      const problems: PartProblem[] = checked.problems.map((p) => ({
        at: origin(p.path),
        code: p.code,
        message: p.message,
      }));
      if (campaign && FROZEN.has(campaign.status)) {
        const stored = await readPlan(db, campaign.id);
        if (stringify(asFile(stored)) !== stringify(asFile(sections))) {
          problems.push({
            at: ['plan'],
            code: 'plan_edit_forbidden',
            message: `the campaign is ${campaign.status}: its plan no longer changes; load the file with the plan as it is stored, or copy the campaign into a new one`,
          });
        }
      }
      return problems;
    },

    async write(handle: ExecutorHandle, campaign, file: ProgrammeFile, resolved) {
      if (file.plan === undefined) return false;
      // Unchanged (the problems saw to that): a frozen campaign's plan is not rewritten.
      if (FROZEN.has(campaign.status)) return false;
      const db = own(handle);
      const { sections } = sectionsOf(file.plan, resolved);
      const before = await snapshot(db, campaign.id);
      await writePlan(handle, campaign.id, sections, resolved.now, 'plan');
      return (await snapshot(db, campaign.id)) !== before;
    },
  };
}
