import { z } from 'zod';
import { Id } from '../common/common.schema.js';
import { ROLES, type Role } from '../contact/contact.schema.js';
import { Reminder } from './shapes.schema.js';

/**
 * Who a plan's reminders and escalations reach when a rule names no roles: the people who do
 * the work — everyone but parents.
 */
export const FOLLOW_UP_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'parent');

/**
 * A campaign's reminder rules, replaced as a whole (`PUT /v1/campaigns/:id/reminders`): each
 * reminds the people of every responsible organisation not done with an item, `daysBefore`
 * each due date at `time` in the organisation's own zone.
 *
 * @example
 * { reminders: [{ key: 'deadlines', items: 'all', daysBefore: [3, 0], time: '10:00',
 *   roles: ['school_head'], channels: ['whatsapp', 'sms'] }] }
 */
export const CampaignRemindersInput = z.strictObject({
  reminders: z
    .array(Reminder)
    .max(100)
    .describe('The reminder rules, in order; keys unique; loading the same keys again updates'),
});
export type CampaignRemindersInput = z.input<typeof CampaignRemindersInput>;

/** A campaign's reminder rules as stored. */
export const CampaignReminders = z.object({
  campaignId: Id,
  reminders: z.array(Reminder),
});
export type CampaignReminders = z.infer<typeof CampaignReminders>;
