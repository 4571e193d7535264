import type {
  Campaign,
  CampaignInput,
  CampaignOrganiser,
  CampaignPatch,
  LocalizedText,
} from '@safenet/sdk';

/*
 * A campaign as its form holds it, and the API's input and change made from it. Pure
 * functions, tested alone: the form only renders them.
 */

/** An organiser row: `row` keeps React's rows apart while the organisation is unchosen. */
export interface OrganiserDraft extends CampaignOrganiser {
  row: number;
}

export interface PhaseDraft {
  key: string;
  title: LocalizedText;
  startsOn: string;
  endsOn: string;
}

/** What the form edits: a campaign's fields as text boxes hold them. */
export interface CampaignDraft {
  orgId: string;
  title: LocalizedText;
  goal: LocalizedText;
  description: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  phases: PhaseDraft[];
  organisers: OrganiserDraft[];
  partners: string;
  documentNumber: string;
  documentDate: string;
  documentUrl: string;
}

/** An empty form for a campaign of `orgId`, in that organisation's zone. */
export function emptyDraft(orgId: string, timeZone: string): CampaignDraft {
  return {
    orgId,
    title: {},
    goal: {},
    description: '',
    startsOn: '',
    endsOn: '',
    timeZone,
    phases: [],
    organisers: [],
    partners: '',
    documentNumber: '',
    documentDate: '',
    documentUrl: '',
  };
}

/** The form's values of a stored campaign. */
export function draftOf(campaign: Campaign): CampaignDraft {
  return {
    orgId: campaign.orgId,
    title: campaign.title,
    goal: campaign.goal ?? {},
    description: campaign.description ?? '',
    startsOn: campaign.startsOn,
    endsOn: campaign.endsOn,
    timeZone: campaign.timeZone,
    phases: campaign.phases.map((p) => ({ ...p })),
    organisers: campaign.organisers.map((o, row) => ({ ...o, row })),
    partners: campaign.partners.join('\n'),
    documentNumber: campaign.document?.number ?? '',
    documentDate: campaign.document?.date ?? '',
    documentUrl: campaign.document?.url ?? '',
  };
}

/** The texts given, without empty languages. */
function texts(text: LocalizedText): LocalizedText {
  return Object.fromEntries(
    Object.entries(text)
      .map(([l, v]) => [l, v?.trim() ?? ''])
      .filter(([, v]) => v),
  );
}

/** The fields of a draft as the API takes them (empty optional ones left out). */
function fieldsOf(draft: CampaignDraft) {
  const goal = texts(draft.goal);
  const document = {
    ...(draft.documentNumber.trim() ? { number: draft.documentNumber.trim() } : {}),
    ...(draft.documentDate ? { date: draft.documentDate } : {}),
    ...(draft.documentUrl.trim() ? { url: draft.documentUrl.trim() } : {}),
  };
  return {
    title: texts(draft.title),
    goal: Object.keys(goal).length > 0 ? goal : null,
    description: draft.description.trim() || null,
    startsOn: draft.startsOn,
    endsOn: draft.endsOn,
    timeZone: draft.timeZone,
    phases: draft.phases.map((p) => ({ ...p, title: texts(p.title) })),
    organisers: draft.organisers
      .filter((o) => o.orgId)
      .map(({ orgId, byAgreement }) => ({ orgId, byAgreement })),
    partners: draft.partners
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean),
    document: Object.keys(document).length > 0 ? document : null,
  };
}

/** A new campaign from the form. */
export function inputOf(draft: CampaignDraft): CampaignInput {
  const { goal, description, document, ...rest } = fieldsOf(draft);
  return {
    orgId: draft.orgId,
    ...rest,
    ...(goal ? { goal } : {}),
    ...(description ? { description } : {}),
    ...(document ? { document } : {}),
  };
}

/**
 * The change from `before` to the form: only the fields that differ, so a running campaign is
 * not refused for "moving" a start it keeps. `null` when nothing changed.
 */
export function patchOf(before: CampaignDraft, draft: CampaignDraft): CampaignPatch | null {
  const was = fieldsOf(before) as Record<string, unknown>;
  const now = fieldsOf(draft) as Record<string, unknown>;
  const patch = Object.fromEntries(
    Object.keys(now)
      .filter((k) => JSON.stringify(now[k]) !== JSON.stringify(was[k]))
      .map((k) => [k, now[k]]),
  );
  return Object.keys(patch).length > 0 ? (patch as CampaignPatch) : null;
}

/** A key for a new phase, not used by the others. */
export function newPhaseKey(phases: readonly PhaseDraft[]): string {
  let n = phases.length + 1;
  while (phases.some((p) => p.key === `phase-${n}`)) n += 1;
  return `phase-${n}`;
}
