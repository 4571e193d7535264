/**
 * The campaign programme's shapes (issue 12), as plain types for the pure rules of
 * lifecycle.ts, calendar.ts, deadlines.ts and quiet-hours.ts. They are structurally the
 * model both core slices share (campaign-model.md); the zod schemas of the programme file
 * infer the same shapes, and these aliases are meant to point at those inferred types once
 * both slices are merged. Nothing here is exported from the package's index on its own, so the
 * schemas keep their names there.
 */
import type { Channel } from '../common/common.schema.js';
import type { Language } from '../locale/language.schema.js';
import type { OrganisationKind } from '../organisation/organisation.schema.js';

/** A calendar date, `YYYY-MM-DD`, read in the zone the rule names. */
export type IsoDate = string;
/** A wall-clock time of day, `HH:mm`, 24 h. */
export type LocalTime = string;
/** A stable, file-given identifier: `^[a-z0-9][a-z0-9._-]{0,63}$`. */
export type Key = string;

/** Text in several languages; at least one. */
export type LocalizedText = Partial<Record<Language, string>>;

export type CampaignStatus =
  | 'draft'
  | 'scheduled'
  | 'active'
  | 'completed'
  | 'archived'
  | 'cancelled';

export interface Phase {
  key: Key;
  title: LocalizedText;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

/**
 * A deadline as programme documents give them: a window ("10–21 April"), a date ("by 30
 * April"), ongoing ("постоянно" / "thường xuyên"), or recurring (an RRULE without DTSTART whose
 * occurrences are the due dates, bounded by the campaign window).
 */
export type Deadline =
  | { kind: 'window'; from: IsoDate; to: IsoDate }
  | { kind: 'date'; by: IsoDate }
  | { kind: 'ongoing' }
  | { kind: 'recurring'; rrule: string };

/** An organisation named in a file: by id, by the ministry's code, or by its name path. */
export type OrgRef = { id: string } | { code: string } | { path: string[] };

/** Who is responsible: one organisation, or every organisation of a kind beneath one. */
export type Responsible =
  | { org: OrgRef; byAgreement?: boolean }
  | { allOf: OrganisationKind; under: OrgRef; byAgreement?: boolean };

export interface Organiser {
  org: OrgRef;
  byAgreement?: boolean;
}

export interface Target {
  key: Key;
  title: LocalizedText;
  measure?: { percent: number; of: OrganisationKind };
}

export interface PlanItem {
  key: Key;
  number: string;
  title: LocalizedText;
  completionForm: string;
  deadline: Deadline;
  responsible: Responsible[];
  phase?: Key;
}

export interface PlanSection {
  key: Key;
  title: LocalizedText;
  items: PlanItem[];
}

/** What a relative rule counts its days from. */
export type Anchor =
  | { to: 'campaign.start' | 'campaign.end' }
  | { to: 'phase.start' | 'phase.end'; phase: Key }
  | { to: 'item.deadline'; item: Key };

/** When something goes out, as wall-clock rules (never offsets). */
export type When =
  | { kind: 'at'; date: IsoDate; time: LocalTime }
  | { kind: 'relative'; anchor: Anchor; days: number; time: LocalTime }
  | { kind: 'recurring'; rrule: string; time: LocalTime };

export interface Schedule {
  when: When;
  zone: 'campaign' | 'recipient';
}

export interface Announcement {
  key: Key;
  title?: LocalizedText;
  content: { recommendationId: string } | { text: LocalizedText };
  segment?: { orgs?: OrgRef[]; roles?: string[] };
  channels: Channel[];
  fallbackAfterSeconds?: number;
  urgent?: boolean;
  schedule: Schedule;
}

export interface Reminder {
  key: Key;
  items: Key[] | 'all';
  daysBefore: number[];
  time: LocalTime;
  roles?: string[];
  channels: Channel[];
  digest?: boolean;
}

/** Quiet hours in the recipient's zone; `from > to` crosses midnight, `from === to` is none. */
export interface QuietHours {
  from: LocalTime;
  to: LocalTime;
}

/** The programme file: one campaign, loaded all-or-nothing, updated by `key`. */
export interface ProgrammeFile {
  version: 1;
  key: Key;
  owner: OrgRef;
  implements?: { campaignKey: Key } | { campaignId: string };
  document?: { number?: string; date?: IsoDate; url?: string };
  title: LocalizedText;
  goal?: LocalizedText;
  startsOn: IsoDate;
  endsOn: IsoDate;
  timeZone: string;
  phases?: Phase[];
  organisers?: Organiser[];
  partners?: string[];
  targets?: Target[];
  plan?: PlanSection[];
  announcements?: Announcement[];
  reminders?: Reminder[];
  quietHours?: QuietHours;
}
