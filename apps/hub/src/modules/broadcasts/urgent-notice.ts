import type { Channel, LocalizedText, Role } from '@safenet/core';
import type { PgBoss } from 'pg-boss';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { insertBroadcast } from './broadcasts.service.js';

/** A message the hub sends on its own, urgently, to people in some roles of one organisation. */
export interface UrgentNotice {
  id: string;
  orgId: string;
  roles: readonly Role[];
  channels: readonly Channel[];
  body: LocalizedText;
  now: Date;
}

/**
 * Writes, in `trx`, the broadcast of an urgent notice — quiet hours do not hold it; each
 * delivery records the override — to the people of exactly `orgId` (not its subtree) in
 * `roles`, in their language, on the first of `channels` that reaches each. What an alert's
 * escalation step sends (the hub composes it into the alerts module, which cannot import this
 * one: broadcasts reach alerts through delivery).
 */
export async function sendUrgentNotice(
  boss: PgBoss,
  trx: ExecutorHandle,
  notice: UrgentNotice,
): Promise<void> {
  await insertBroadcast(trx, boss, {
    id: notice.id,
    orgId: notice.orgId,
    campaignId: null,
    segmentId: null,
    segmentQuery: { orgIds: [notice.orgId], roles: [...notice.roles] },
    channels: [...notice.channels],
    content: { body: notice.body },
    variables: {},
    sendAt: notice.now,
    fallbackAfterSeconds: null,
    urgent: true,
    now: notice.now,
  });
}
