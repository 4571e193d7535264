import { z } from 'zod';
import { Id, PageQuery, Timestamp } from '../common/common.schema.js';
import { LanguageCode } from '../locale/language.schema.js';
import {
  CaseCategory,
  CasePlatform,
  CaseReportInput,
  CaseSeverity,
  CaseSource,
} from './case.schema.js';
import {
  CASE_ACTIONS,
  CASE_STATES,
  CASE_TRANSITION_NAMES,
  type CaseTransition,
  REPORTER_STATUSES,
} from './case-workflow.js';

/** The cases API's records: what `GET /v1/cases…` answers and what its writes take. */

export const CaseState = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof CaseState>;
export const CaseTransitionName = z.enum(CASE_TRANSITION_NAMES as [CaseTransition]);
export const CaseActionName = z.enum(CASE_ACTIONS);

/** `POST /v1/case-reports`: a report through the API (an integrator, or the console). */
export const CaseReportSubmit = CaseReportInput.extend({
  orgId: Id.optional().describe(
    'The organisation whose intake receives it; the caller’s own when left out',
  ),
});
export type CaseReportSubmit = z.input<typeof CaseReportSubmit>;

/** A case as lists show it: no report contents, no links. */
export const CaseSummary = z.object({
  id: Id,
  number: z.string().describe('The case’s number, e.g. `C-2026-000012`'),
  state: CaseState,
  severity: CaseSeverity,
  category: CaseCategory,
  platform: CasePlatform,
  orgId: Id.describe('The organisation whose specialists handle it'),
  concernedOrgId: Id.nullable(),
  assigneeId: Id.nullable(),
  reportCount: z.number().int(),
  acknowledgeBy: Timestamp.describe('When it must be triaged by'),
  resolveBy: Timestamp.describe('When it must be resolved by'),
  acknowledgedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable().describe('When it was resolved or rejected'),
  rejectReason: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CaseSummary = z.infer<typeof CaseSummary>;

/** One reported link: its canonical form (never fetched) and its SHA-256. */
export const CaseLinkRecord = z.object({
  url: z.string(),
  host: z.string(),
  sha256: z.string(),
});

/** One report of a case, as specialists read it (the reporter appears only as a pseudonym). */
export const CaseReportRecord = z.object({
  reference: z.string(),
  source: CaseSource,
  platform: CasePlatform,
  category: CaseCategory,
  description: z.string(),
  language: LanguageCode,
  place: z.string().nullable(),
  links: z.array(z.string()),
  reporter: z
    .string()
    .describe('A pseudonym (a keyed hash, shortened): the same reporter reads the same'),
  contact: z
    .object({
      email: z.string().optional(),
      phone: z.string().optional(),
      name: z.string().optional(),
    })
    .nullable()
    .describe('Only when the reporter chose to leave one'),
  hearsBack: z.boolean().describe('Whether status changes go back to the reporter'),
  receivedAt: Timestamp,
});
export type CaseReportRecord = z.infer<typeof CaseReportRecord>;

export const REFERRAL_TARGETS = ['hotline', 'platform', 'police', 'committee', 'other'] as const;

/** A referral: what was sent, to whom, when, and the answer once it came. */
export const CaseReferral = z.object({
  id: Id,
  caseId: Id,
  target: z.enum(REFERRAL_TARGETS),
  recipient: z.string(),
  summary: z.string(),
  sentAt: Timestamp,
  answer: z.string().nullable(),
  answeredAt: Timestamp.nullable(),
  createdBy: Id.nullable(),
});
export type CaseReferral = z.infer<typeof CaseReferral>;

/** A case whole: its reports, its links and referrals, and what the caller may do with it. */
export const CaseDetail = CaseSummary.extend({
  reports: z.array(CaseReportRecord),
  links: z.array(CaseLinkRecord),
  referrals: z.array(CaseReferral),
  allowed: z.array(CaseActionName).describe('What the caller may do with it now'),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

/** `GET /v1/cases`: the cases the caller sees, most urgent first. */
export const CaseListQuery = PageQuery.extend({
  state: z
    .union([CaseState, z.literal('open')])
    .optional()
    .describe('A state, or `open` for every state but resolved and rejected'),
  severity: CaseSeverity.optional(),
  assignee: z.union([Id, z.literal('me'), z.literal('none')]).optional(),
  orgId: Id.optional().describe('Only cases routed to this organisation’s subtree'),
});
export type CaseListQuery = z.input<typeof CaseListQuery>;

/**
 * `POST /v1/cases/:id/transitions`: move a case. `reject` needs a reason; `triage` may set the
 * severity and take the case.
 *
 * @example
 * { action: 'reject', reason: 'The video was removed by the platform before triage' }
 */
export const CaseTransitionInput = z
  .strictObject({
    action: CaseTransitionName,
    reason: z.string().trim().min(1).max(1000).optional(),
    severity: CaseSeverity.optional().describe('Triage only: the severity the specialist sets'),
  })
  .refine((input) => input.action !== 'reject' || input.reason !== undefined, {
    message: 'a rejection needs a reason the other specialists can read',
    path: ['reason'],
  })
  .refine((input) => input.severity === undefined || input.action === 'triage', {
    message: 'only triage sets the severity',
    path: ['severity'],
  });
export type CaseTransitionInput = z.input<typeof CaseTransitionInput>;

/** `PUT /v1/cases/:id/assignee`: hand the case to a specialist of its organisation, or nobody. */
export const CaseAssignInput = z.strictObject({ assigneeId: Id.nullable() });
export type CaseAssignInput = z.input<typeof CaseAssignInput>;

/** `POST /v1/cases/:id/referrals`: record a referral. */
export const CaseReferralInput = z.strictObject({
  target: z.enum(REFERRAL_TARGETS),
  recipient: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .describe('Who got it: "Hotline 111", "TikTok trust & safety", a police unit'),
  summary: z.string().trim().min(1).max(4000).describe('What was sent'),
  sentAt: Timestamp.optional().describe('When it was sent; now when left out'),
});
export type CaseReferralInput = z.input<typeof CaseReferralInput>;

/** `PUT /v1/cases/:id/referrals/:referralId/answer`: the answer a referral got. */
export const CaseReferralAnswer = z.strictObject({
  answer: z.string().trim().min(1).max(4000),
  answeredAt: Timestamp.optional(),
});
export type CaseReferralAnswer = z.input<typeof CaseReferralAnswer>;

/** One audit entry: who did what to a case, when; each entry hashes the one before it. */
export const CaseAuditEntry = z.object({
  seq: z.number().int(),
  caseId: Id,
  at: Timestamp,
  actor: z.string().nullable().describe('`user:<id>`, `key:<id>`, or null for the hub itself'),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type CaseAuditEntry = z.infer<typeof CaseAuditEntry>;

/** `GET /v1/cases/:id/audit`: the trail, and whether every entry's hash still checks. */
export const CaseAuditTrail = z.object({
  entries: z.array(CaseAuditEntry),
  intact: z.boolean().describe('False when an entry was changed or removed after it was written'),
});
export type CaseAuditTrail = z.infer<typeof CaseAuditTrail>;

/** A routing rule: cases about `scopeOrgId`'s subtree (these categories, or all) go to `targetOrgId`. */
export const CaseRoutingRule = z.object({
  id: Id,
  scopeOrgId: Id,
  categories: z.array(CaseCategory).nullable(),
  targetOrgId: Id,
});
export type CaseRoutingRule = z.infer<typeof CaseRoutingRule>;

/** `GET /v1/organisations/:id/case-routing`: the rules the organisation set. */
export const CaseRoutingView = z.object({ orgId: Id, rules: z.array(CaseRoutingRule) });
export type CaseRoutingView = z.infer<typeof CaseRoutingView>;

/** `PUT /v1/organisations/:id/case-routing`: the organisation's rules, whole. */
export const CaseRoutingInput = z.strictObject({
  rules: z
    .array(
      z.strictObject({
        scopeOrgId: Id,
        categories: z.array(CaseCategory).min(1).nullable().default(null),
        targetOrgId: Id,
      }),
    )
    .max(200),
});
export type CaseRoutingInput = z.input<typeof CaseRoutingInput>;

const Minutes = z
  .number()
  .int()
  .min(1)
  .max(90 * 24 * 60);

/** Response times per severity, minutes; the nearest organisation up the tree that set them wins. */
export const CaseResponseTimes = z.object({
  critical: z.object({ acknowledgeMinutes: Minutes, resolveMinutes: Minutes }),
  high: z.object({ acknowledgeMinutes: Minutes, resolveMinutes: Minutes }),
  normal: z.object({ acknowledgeMinutes: Minutes, resolveMinutes: Minutes }),
  low: z.object({ acknowledgeMinutes: Minutes, resolveMinutes: Minutes }),
});
export type CaseResponseTimes = z.infer<typeof CaseResponseTimes>;

/** `GET /v1/organisations/:id/case-response-times`: the times in force and where they come from. */
export const CaseResponseTimesInForce = z.object({
  orgId: Id,
  times: CaseResponseTimes,
  definedBy: Id.nullable().describe('The organisation that set them; null for the defaults'),
});
export type CaseResponseTimesInForce = z.infer<typeof CaseResponseTimesInForce>;

/** What a reporter may learn: their report's status, never its contents. */
export const CaseReportStatus = z.object({
  reference: z.string(),
  status: z.enum(REPORTER_STATUSES),
  updatedAt: Timestamp,
});
export type CaseReportStatus = z.infer<typeof CaseReportStatus>;
