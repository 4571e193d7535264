import { z } from 'zod';
import { Id, Timestamp } from '../common/common.schema.js';
import { Language, LanguageCode } from '../locale/language.schema.js';
import { ReportActor } from './report-submission.schema.js';

/**
 * Signed no-login report links (issue 13): one organisation's report for one period, filled
 * in on a small page the hub serves, in the contact's language.
 */

/**
 * `POST /v1/report-forms/:id/periods/:periodKey/links`.
 * @example { orgId: '0190…', contactId: '0190…', language: 'vi', expiresInDays: 14 }
 */
export const ReportLinkInput = z.strictObject({
  orgId: Id.describe('The organisation whose report the link fills in'),
  contactId: Id.optional().describe(
    'Whom it is for: a contact of that organisation, never a parent (its language is the default)',
  ),
  language: Language.optional().describe(
    'The page’s language (default: the contact’s, else the organisation’s)',
  ),
  expiresInDays: z.int().min(1).max(60).default(14).describe('Days until the link stops working'),
});
export type ReportLinkInput = z.input<typeof ReportLinkInput>;

/** A report link as listed: never its token, which is shown once when made. */
export const ReportLink = z.object({
  id: Id,
  formId: Id,
  periodKey: z.string(),
  orgId: Id,
  contactId: Id.nullable(),
  language: LanguageCode,
  createdAt: Timestamp,
  createdBy: ReportActor,
  expiresAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  lastUsedAt: Timestamp.nullable().describe('When the form was last saved or submitted through it'),
});
export type ReportLink = z.infer<typeof ReportLink>;

/** A link just made: its URL (`<public URL>/r/<token>`, short enough for an SMS) and token. */
export const CreatedReportLink = ReportLink.extend({
  url: z.string().describe('The link to send; shown once'),
  token: z.string().describe('The signed token, the URL’s last segment; shown once'),
});
export type CreatedReportLink = z.infer<typeof CreatedReportLink>;

/** Sending an organisation its link on request: to its people, on the form's nudge channels. */
export const ReportLinkSendInput = z
  .strictObject({ orgId: Id.describe('The expected organisation whose people get the link') })
  .describe('Whose people to send a link to');
export type ReportLinkSendInput = z.input<typeof ReportLinkSendInput>;

/** A link sent: the link (no token) and the broadcast that carries it. */
export const SentReportLink = z.object({
  link: ReportLink,
  broadcastId: Id.describe('The broadcast to the organisation’s people: its progress is there'),
});
export type SentReportLink = z.infer<typeof SentReportLink>;

/** `GET …/links?orgId=`: the links of a period, newest first. */
export const ReportLinkListQuery = z.strictObject({
  orgId: Id.optional().describe('Only the links to this organisation’s report'),
});
export type ReportLinkListQuery = z.input<typeof ReportLinkListQuery>;
