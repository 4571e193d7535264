import { z } from 'zod';
import { QuietHours } from '../campaign/shapes.schema.js';
import { Id } from '../common/common.schema.js';
import { Organisation, OrganisationCode } from './organisation.schema.js';

/**
 * An organisation's own quiet-hours setting: its hours, or `null` for none at all (its
 * recipients may be reached at any hour). Without a setting (the field absent) it inherits
 * its parent's, up to the hub's default (`SAFENET_QUIET_HOURS`, 21:00–08:00 unless set).
 *
 * @example { from: '22:00', to: '07:30' }
 */
export const QuietHoursSetting = QuietHours.nullable().describe(
  'Hours on the recipient’s wall clock when messages wait; null: none (reach recipients at any hour)',
);
export type QuietHoursSetting = z.infer<typeof QuietHoursSetting>;

export const QUIET_HOURS_SOURCES = ['own', 'inherited', 'hub_default'] as const;

/**
 * The quiet hours that apply to an organisation's recipients and where they come from: its
 * own setting, the nearest ancestor's (`orgId`), or the hub's default.
 */
export const EffectiveQuietHours = z.object({
  quietHours: QuietHoursSetting,
  source: z.enum(QUIET_HOURS_SOURCES),
  orgId: Id.nullable().describe(
    'The organisation whose setting applies (itself or an ancestor); null for the hub default',
  ),
});
export type EffectiveQuietHours = z.infer<typeof EffectiveQuietHours>;

/** One organisation with its quiet-hours setting (absent: inherited) and the effective hours. */
export const OrganisationDetail = Organisation.extend({
  quietHours: QuietHoursSetting.optional().describe(
    'Its own setting; absent when it inherits its parent’s',
  ),
  effectiveQuietHours: EffectiveQuietHours,
});
export type OrganisationDetail = z.infer<typeof OrganisationDetail>;

/**
 * Changing an organisation (admin scope): `code` sets the code a ministry uses for it (`null`
 * removes it); `quietHours` sets its own hours, `null` turns them
 * off for its subtree (unless a descendant sets its own), `"inherit"` removes its setting.
 *
 * @example { quietHours: { from: '21:30', to: '07:00' } }
 * @example { quietHours: 'inherit' }
 * @example { code: 'KZ-ALM-0042' }
 */
export const OrganisationPatch = z
  .strictObject({
    quietHours: z.union([QuietHoursSetting, z.literal('inherit')]).optional(),
    code: OrganisationCode.nullable()
      .optional()
      .describe('The code a ministry uses for it; null removes it'),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one field' });
export type OrganisationPatch = z.input<typeof OrganisationPatch>;
