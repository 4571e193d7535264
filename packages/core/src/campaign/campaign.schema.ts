import { z } from 'zod';
import { Id, Timestamp, TimeZone } from '../common/common.schema.js';

const IsoDate = z.iso.date().describe('A calendar date, YYYY-MM-DD, in the campaign’s time zone');

/**
 * An awareness campaign such as Kazakhstan's "Safe Internet" (10–21 April 2017). Broadcasts
 * may belong to one. The full programme (phases, activity plan, reports) builds on this.
 *
 * @example
 * { orgId, title: 'Safe Internet', startsOn: '2017-04-10', endsOn: '2017-04-21', timeZone: 'Asia/Almaty',
 *   organisers: ['Committee for the Protection of Children’s Rights', 'National parents’ association'] }
 */
export const CampaignInput = z
  .strictObject({
    orgId: Id,
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().max(5000).optional(),
    startsOn: IsoDate,
    endsOn: IsoDate,
    timeZone: TimeZone,
    organisers: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
  })
  .refine((c) => c.startsOn <= c.endsOn, {
    message: 'endsOn must not be before startsOn',
    path: ['endsOn'],
  });
export type CampaignInput = z.input<typeof CampaignInput>;

export const Campaign = z.object({
  id: Id,
  orgId: Id,
  title: z.string(),
  description: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  timeZone: z.string(),
  organisers: z.array(z.string()),
  createdAt: Timestamp,
});
export type Campaign = z.infer<typeof Campaign>;
