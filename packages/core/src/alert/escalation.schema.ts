import { z } from 'zod';
import { Id, Timestamp } from '../common/common.schema.js';
import type { AlertSeverity } from './alert.schema.js';

/**
 * Escalation policies (issue 14): what the hub does while an alert stays open — modelled on
 * PagerDuty's and Opsgenie's escalation policies. A policy is a ladder of steps; each step,
 * some minutes after the one before (the first: after the alert opened), tells the on-call
 * people (contacts with role `specialist`) of the alert's organisation or of the organisation
 * some levels above it. Acknowledging or resolving the alert stops the ladder.
 */

/** The channels an escalation may use, in the order of preference a step gives. */
export const ESCALATION_CHANNELS = ['sms', 'whatsapp', 'email'] as const;
export const EscalationChannel = z.enum(ESCALATION_CHANNELS);
export type EscalationChannel = z.infer<typeof EscalationChannel>;

/** Who is on call: the contacts of an organisation with this role. */
export const ON_CALL_ROLE = 'specialist' as const;

/** The longest wait a step may have: a week. */
const MAX_MINUTES = 7 * 24 * 60;

export const EscalationStep = z.object({
  afterMinutes: z
    .number()
    .int()
    .min(0)
    .max(MAX_MINUTES)
    .describe('Minutes after the step before (the first step: after the alert opened)'),
  levelsUp: z
    .number()
    .int()
    .min(0)
    .max(20)
    .default(0)
    .describe(
      'Whose on-call people: 0 the alert’s organisation, 1 its parent, …; more levels than the tree has stops at its root',
    ),
  channels: z
    .array(EscalationChannel)
    .min(1)
    .refine((channels) => new Set(channels).size === channels.length, 'a channel is given twice')
    .describe('In order of preference: each person gets the first that reaches them'),
});
export type EscalationStep = z.output<typeof EscalationStep>;

/**
 * One severity's ladder.
 *
 * @example
 * { steps: [{ afterMinutes: 0, levelsUp: 0, channels: ['sms', 'email'] },
 *           { afterMinutes: 15, levelsUp: 1, channels: ['sms', 'email'] }],
 *   repeat: 1, repeatAfterMinutes: 15 }
 */
export const EscalationPolicy = z.object({
  steps: z.array(EscalationStep).min(1).max(10).describe('The ladder, in order'),
  repeat: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(0)
    .describe('How many more times the whole ladder runs while nobody acknowledges'),
  repeatAfterMinutes: z
    .number()
    .int()
    .min(1)
    .max(MAX_MINUTES)
    .default(15)
    .describe('Minutes between a run’s last step and the next run’s first'),
});
export type EscalationPolicy = z.output<typeof EscalationPolicy>;

/**
 * An organisation's policies, per severity: a policy, `null` for no escalation, or left out
 * to inherit (the nearest organisation above that set one, else the hub's default).
 */
export const EscalationPolicies = z.object({
  critical: EscalationPolicy.nullable().optional(),
  warning: EscalationPolicy.nullable().optional(),
  info: EscalationPolicy.nullable().optional(),
});
export type EscalationPolicies = z.output<typeof EscalationPolicies>;
export type EscalationPoliciesInput = z.input<typeof EscalationPolicies>;

/** Where one severity's policy comes from, as the policies' read shows it. */
export const EffectiveEscalationPolicy = z.object({
  policy: EscalationPolicy.nullable(),
  from: z
    .union([z.object({ orgId: Id }), z.literal('default')])
    .describe(
      'The organisation whose setting applies (this one or the nearest above), or the hub’s default',
    ),
});
export type EffectiveEscalationPolicy = z.infer<typeof EffectiveEscalationPolicy>;

/** An organisation's own settings and what applies to it for each severity. */
export const EscalationPoliciesView = z.object({
  orgId: Id,
  own: EscalationPolicies,
  effective: z.object({
    critical: EffectiveEscalationPolicy,
    warning: EffectiveEscalationPolicy,
    info: EffectiveEscalationPolicy,
  }),
});
export type EscalationPoliciesView = z.infer<typeof EscalationPoliciesView>;

/**
 * The hub's defaults where no organisation up the tree set a policy: a critical alert goes at
 * once to the organisation's own specialists by SMS (email where SMS does not reach), to the
 * level above after 15 minutes, and the ladder runs once more; a warning goes to the own
 * specialists after an hour; info never escalates.
 */
export const DEFAULT_ESCALATION_POLICIES: Readonly<Record<AlertSeverity, EscalationPolicy | null>> =
  {
    critical: {
      steps: [
        { afterMinutes: 0, levelsUp: 0, channels: ['sms', 'email'] },
        { afterMinutes: 15, levelsUp: 1, channels: ['sms', 'email'] },
      ],
      repeat: 1,
      repeatAfterMinutes: 15,
    },
    warning: {
      steps: [{ afterMinutes: 60, levelsUp: 0, channels: ['sms', 'email'] }],
      repeat: 0,
      repeatAfterMinutes: 15,
    },
    info: null,
  };

/** Where a ladder stands: the next step to take, in which run (0: the first). */
export interface EscalationPosition {
  step: number;
  run: number;
}

/**
 * The step after `at` in `policy`, and how many minutes after the one taken it is due; null
 * when the ladder has run out.
 */
export function nextEscalation(
  policy: EscalationPolicy,
  at: EscalationPosition,
): { position: EscalationPosition; afterMinutes: number } | null {
  const following = policy.steps[at.step + 1];
  if (following)
    return { position: { step: at.step + 1, run: at.run }, afterMinutes: following.afterMinutes };
  if (at.run >= policy.repeat) return null;
  const first = policy.steps[0] as EscalationStep;
  return {
    position: { step: 0, run: at.run + 1 },
    afterMinutes: policy.repeatAfterMinutes + first.afterMinutes,
  };
}

/** The organisation `levelsUp` above the last of `orgPath` (root first), stopping at the root. */
export function escalationTarget(orgPath: readonly string[], levelsUp: number): string {
  const index = Math.max(0, orgPath.length - 1 - levelsUp);
  return orgPath[index] as string;
}

/** One escalation step taken: whom it told and by which broadcast. */
export const AlertEscalation = z.object({
  alertId: Id,
  step: z.number().int().describe('The step’s index in the frozen policy, from 0'),
  run: z.number().int().describe('Which run of the ladder: 0 the first, 1 the first repeat, …'),
  orgId: Id.describe('The organisation whose on-call people were told'),
  broadcastId: Id,
  channels: z.array(EscalationChannel),
  at: Timestamp,
});
export type AlertEscalation = z.infer<typeof AlertEscalation>;
