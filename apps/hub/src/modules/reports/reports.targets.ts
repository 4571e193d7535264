import {
  type CampaignTargets,
  type CampaignTargetsQuery,
  localDateOf,
  measureTargets,
  type ReportPeriod,
  reportPeriod,
  reportPeriodOn,
  reportPeriods,
  type Target,
  type TargetMeasure,
  targetNotMeasured,
} from '@safenet/core';
import type { z } from 'zod';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { campaignById } from '../campaigns/index.js';
import { orgInSubtree, type ReportsDeps } from './reports.access.js';
import { loadSubtree } from './reports.rollup.js';
import { campaignFormsByKey, type FormWithOwner, orgOf } from './reports.store.js';
import { own } from './reports.tables.js';

/**
 * A campaign's targets measured from its report forms over an organisation's subtree. The
 * formula names its form by key; the form is found when measuring (it may be written after
 * the campaign), among the campaign's forms the caller may see, and read as a roll-up reads it.
 */

/**
 * The period a form's targets read by default: `once`, or the period containing today in
 * the owner's zone — the latest before today when the schedule has ended.
 */
function currentPeriod(form: FormWithOwner, now: Date): ReportPeriod | undefined {
  if (form.schedule.kind === 'once') return reportPeriod(form.schedule, 'once');
  const today = localDateOf(now, form.owner_time_zone);
  return (
    reportPeriodOn(form.schedule, today) ?? reportPeriods(form.schedule, { until: today }).at(-1)
  );
}

/**
 * `GET /v1/campaigns/:id/targets`: the campaign must be the caller's, above or beneath it
 * (404 otherwise); `orgId` (default the caller's) in the caller's subtree (404 otherwise).
 * Each form is read in `periodKey`, or its current period.
 */
export async function getTargets(
  deps: ReportsDeps,
  auth: AuthContext,
  campaignId: string,
  query: z.output<typeof CampaignTargetsQuery>,
): Promise<CampaignTargets> {
  const db = own(deps.db);
  const now = new Date(deps.now());
  const campaign = await campaignById(deps.db, campaignId, now);
  const owner = campaign === undefined ? undefined : await orgOf(db, campaign.orgId);
  const sees =
    owner !== undefined && (owner.path.includes(auth.orgId) || auth.orgPath.includes(owner.id));
  if (campaign === undefined || !sees) throw notFound('campaign', campaignId);
  const root = await orgInSubtree(db, auth, query.orgId ?? auth.orgId);

  const byForm = new Map<string, Target[]>();
  for (const target of campaign.targets) {
    if (target.formula === undefined) continue;
    const list = byForm.get(target.formula.form) ?? [];
    byForm.set(target.formula.form, list);
    list.push(target);
  }
  const forms = await campaignFormsByKey(db, campaign.id, [...byForm.keys()], auth.orgPath);
  const measures = new Map<Target, TargetMeasure>();
  for (const [key, targets] of byForm) {
    const found = forms.filter((f) => f.key === key);
    const form = found[0];
    const reason =
      form === undefined
        ? ({
            code: 'form_not_found',
            message: `the campaign has no report form "${key}" you may see`,
          } as const)
        : found.length > 1
          ? ({
              code: 'form_ambiguous',
              message: `${found.length} report forms of the campaign have the key "${key}"`,
            } as const)
          : undefined;
    const period =
      form === undefined
        ? undefined
        : query.periodKey === undefined
          ? currentPeriod(form, now)
          : reportPeriod(form.schedule, query.periodKey);
    if (reason !== undefined || form === undefined || period === undefined) {
      const why = reason ?? {
        code: 'no_period' as const,
        message:
          query.periodKey === undefined
            ? `the form "${key}" has no period up to today`
            : `the form "${key}" has no period "${query.periodKey}"`,
      };
      const source = { formId: form?.id ?? null, periodKey: null };
      for (const t of targets) measures.set(t, targetNotMeasured(t, why, source));
      continue;
    }
    const loaded = await loadSubtree(db, form, period.key, root.id);
    const measured = measureTargets(targets, { fields: form.fields, ...loaded }, root.id, {
      formId: form.id,
      periodKey: period.key,
    });
    targets.forEach((t, i) => {
      measures.set(t, measured[i] as TargetMeasure);
    });
  }
  return {
    campaignId: campaign.id,
    orgId: root.id,
    items: campaign.targets.map((t) => measures.get(t) ?? targetNotMeasured(t)),
  };
}
