import type { Hotline, HotlineInput, HotlinePatch, HotlinePurpose, Language } from '@safenet/sdk';
import { LANGUAGES } from './domain.js';

/** What the hotline form holds: text as typed (empty: not given), choices as lists. */
export interface HotlineDraft {
  /** The keeper: fixed once the line exists (the hub does not move it). */
  orgId: string;
  number: string;
  e164: string;
  name: Partial<Record<Language, string>>;
  purposes: HotlinePurpose[];
  languages: Language[];
  hours: string;
  serves: string[];
}

/** A new line kept by `orgId`, serving it: what most lines are (a province's own). */
export function emptyHotlineDraft(orgId: string): HotlineDraft {
  return {
    orgId,
    number: '',
    e164: '',
    name: {},
    purposes: [],
    languages: [],
    hours: '',
    serves: [orgId],
  };
}

/** A line's fields as the form's draft, to edit. */
export function draftOfHotline(line: Hotline): HotlineDraft {
  return {
    orgId: line.orgId,
    number: line.number,
    e164: line.e164 ?? '',
    name: { ...line.name },
    purposes: [...line.purposes],
    languages: [...line.languages],
    hours: line.hours ?? '',
    serves: [...line.serves],
  };
}

/** The names that are written (trimmed; blank ones left out). */
function written(texts: Partial<Record<Language, string>>): Partial<Record<Language, string>> {
  const out: Partial<Record<Language, string>> = {};
  for (const l of LANGUAGES) {
    const text = texts[l]?.trim();
    if (text) out[l] = text;
  }
  return out;
}

/** The draft as a new line: an empty E.164 or hours is left out. The hub checks the rest. */
export function hotlineInput(draft: HotlineDraft): HotlineInput {
  const e164 = draft.e164.trim();
  const hours = draft.hours.trim();
  return {
    orgId: draft.orgId,
    number: draft.number,
    ...(e164 ? { e164 } : {}),
    name: written(draft.name),
    purposes: draft.purposes,
    languages: draft.languages,
    ...(hours ? { hours } : {}),
    serves: draft.serves,
  };
}

/** The draft as a change of every field: an emptied E.164 or hours is removed (null). */
export function hotlinePatch(draft: HotlineDraft): HotlinePatch {
  const { orgId: _keeper, e164, hours, ...rest } = hotlineInput(draft);
  return { ...rest, e164: e164 ?? null, hours: hours ?? null };
}
