import { type SqlBool, sql } from 'kysely';
import type { ErasureStep } from '../../platform/privacy.js';
import { inTenantOf, scrubColumns } from '../../platform/privacy.js';

/** An erased person's traces in scheduled announcements: their text may name them. */
export const announcementsErasure: ErasureStep = {
  name: 'campaign announcements',
  erase: (trx, subject) =>
    scrubColumns(
      trx,
      'campaign_announcements',
      [
        { name: 'title', json: true },
        { name: 'content', json: true },
      ],
      subject,
      sql<SqlBool>`campaign_id in (select id from campaigns where ${inTenantOf('org_id', subject)})`,
    ),
};
