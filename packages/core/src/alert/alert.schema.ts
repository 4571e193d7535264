import { z } from 'zod';
import { Id, PageQuery, Timestamp } from '../common/common.schema.js';

/** How soon someone must look: `critical` now, `warning` today, `info` when convenient. */
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const AlertSeverity = z.enum(ALERT_SEVERITIES);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

/** What an alert is about: the record a person opens to act on it. */
export const ALERT_SUBJECT_TYPES = [
  'broadcast',
  'channel',
  'plan_assignment',
  'report_period',
  'case',
] as const;
export const AlertSubjectType = z.enum(ALERT_SUBJECT_TYPES);
export type AlertSubjectType = z.infer<typeof AlertSubjectType>;

/**
 * The one alert-code registry: every alert the hub raises carries one of these codes, with its
 * severity and what it is about. Codes are stable: add new ones, never rename.
 * `docs/reference/alerts.md` lists them; a test fails when the two drift.
 */
export const ALERT_CODES = {
  broadcast_failures: {
    severity: 'warning',
    subject: 'broadcast',
    title: 'A broadcast completed with recipients not reached on any channel',
  },
  channel_circuit_open: {
    severity: 'warning',
    subject: 'channel',
    title: 'A provider is failing: its messages wait while probes check whether it is back',
  },
  channel_circuit_closed: {
    severity: 'info',
    subject: 'channel',
    title: 'A provider answers again: the messages that waited are being sent',
  },
  channel_disconnected: {
    severity: 'warning',
    subject: 'channel',
    title: 'A paired phone disconnected: its messages wait until it is ready again',
  },
  channel_failed: {
    severity: 'critical',
    subject: 'channel',
    title: 'A paired phone failed (banned or logged out): pair it again',
  },
  plan_item_overdue: {
    severity: 'warning',
    subject: 'plan_assignment',
    title: 'A responsible organisation missed a plan item’s deadline',
  },
  report_overdue: {
    severity: 'warning',
    subject: 'report_period',
    title: 'Organisations beneath have not submitted a results report past its due date',
  },
  case_critical: {
    severity: 'critical',
    subject: 'case',
    title: 'A critical harmful-content case arrived (or a case became critical)',
  },
  case_acknowledge_overdue: {
    severity: 'critical',
    subject: 'case',
    title: 'Nobody triaged a case within its response time',
  },
  case_resolve_overdue: {
    severity: 'warning',
    subject: 'case',
    title: 'A case is not resolved within its response time',
  },
} as const satisfies Record<
  string,
  { severity: AlertSeverity; subject: AlertSubjectType; title: string }
>;

export type AlertCode = keyof typeof ALERT_CODES;
export const AlertCode = z.enum(Object.keys(ALERT_CODES) as [AlertCode, ...AlertCode[]]);

/**
 * An alert's life: `open` until someone acknowledges it (they are on it) and `resolved` once
 * the cause is gone — by a person, or by the hub when it sees the cause go (a plan item
 * marked done resolves its overdue alerts).
 */
export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export const AlertState = z.enum(ALERT_STATES);
export type AlertState = z.infer<typeof AlertState>;

/** Who moved an alert: a person, an API key, or the hub itself. */
export const AlertActor = z.object({
  kind: z.enum(['user', 'key', 'system']),
  id: Id.nullable().describe('The person’s or the key’s id; null for the hub'),
});
export type AlertActor = z.infer<typeof AlertActor>;

/**
 * A stored alert: raised for an organisation whose people must act, about one subject.
 *
 * @example
 * { id, orgId: gialamId, code: 'plan_item_overdue', severity: 'warning',
 *   subject: { type: 'plan_assignment', id: '<campaign id>/7/<school id>' },
 *   message: 'Nguyễn Bình Khiêm High School has not done item 7 of "…", due 2022-05-31', state: 'open',
 *   createdAt: '2022-06-01T00:00:00.000Z', acknowledgedAt: null, acknowledgedBy: null,
 *   resolvedAt: null, resolvedBy: null }
 */
export const Alert = z.object({
  id: Id,
  orgId: Id.describe('The organisation whose people must act'),
  code: AlertCode,
  severity: AlertSeverity,
  subject: z.object({
    type: AlertSubjectType,
    id: z
      .string()
      .describe(
        'The subject’s id: a broadcast’s id, `<channel>:<provider>` for a channel, `<campaign id>/<item key>/<org id>` for a plan item’s responsible organisation',
      ),
  }),
  message: z.string(),
  state: AlertState,
  createdAt: Timestamp,
  acknowledgedAt: Timestamp.nullable(),
  acknowledgedBy: AlertActor.nullable(),
  resolvedAt: Timestamp.nullable(),
  resolvedBy: AlertActor.nullable(),
});
export type Alert = z.infer<typeof Alert>;

/** Filters of the alerts list; newest first. */
export const AlertListQuery = PageQuery.extend({
  state: AlertState.optional().describe('Only alerts in this state'),
  code: AlertCode.optional().describe('Only alerts with this code'),
  severity: AlertSeverity.optional().describe('Only alerts of this severity'),
  orgId: Id.optional().describe('Only alerts of this organisation’s subtree; default: yours'),
});
export type AlertListQuery = z.input<typeof AlertListQuery>;
