import type {
  CaseCategory,
  CaseResponseTimesInForce,
  CaseRoutingInput,
  CaseRoutingRule,
} from '@safenet/sdk';

/* What the case settings page shows and sends, as pure functions of the hub's records. */

/** Where an organisation's response times come from: its own, one above it, or the defaults. */
export function timesOrigin(
  times: Pick<CaseResponseTimesInForce, 'orgId' | 'definedBy'>,
): 'own' | 'inherited' | 'defaults' {
  if (times.definedBy === null) return 'defaults';
  return times.definedBy === times.orgId ? 'own' : 'inherited';
}

/** A routing rule as the settings form edits it: no id until the hub saves it. */
export interface RuleDraft {
  scopeOrgId: string;
  categories: CaseCategory[] | null;
  targetOrgId: string;
}

/** The rules the hub answered, as the form's drafts (an empty category list means all). */
export function ruleDrafts(rules: readonly CaseRoutingRule[]): RuleDraft[] {
  return rules.map(({ scopeOrgId, categories, targetOrgId }) => ({
    scopeOrgId,
    categories: categories && categories.length > 0 ? [...categories] : null,
    targetOrgId,
  }));
}

/** What `PUT …/case-routing` takes from the form: a rule with no category chosen covers all. */
export function routingInput(drafts: readonly RuleDraft[]): CaseRoutingInput {
  return {
    rules: drafts.map(({ scopeOrgId, categories, targetOrgId }) => ({
      scopeOrgId,
      categories: categories && categories.length > 0 ? categories : null,
      targetOrgId,
    })),
  };
}
