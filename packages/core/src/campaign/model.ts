/**
 * The campaign programme's shapes (issue 12) as the pure rules of lifecycle.ts, calendar.ts,
 * deadlines.ts and quiet-hours.ts read them: the types the programme file's zod schemas infer
 * (shapes.schema.ts, programme.schema.ts), so a parsed file goes to the rules as it is.
 */

export type { LocalizedText } from '../locale/language.schema.js';
export type { CampaignStatus } from './campaign.schema.js';
export type { ProgrammeFile } from './programme.schema.js';
export type {
  Anchor,
  Announcement,
  Deadline,
  IsoDate,
  Key,
  LocalTime,
  Organiser,
  OrgRef,
  Phase,
  PlanItem,
  PlanSection,
  QuietHours,
  Reminder,
  Responsible,
  Schedule,
  When,
} from './shapes.schema.js';
export type { Target } from './target.schema.js';
