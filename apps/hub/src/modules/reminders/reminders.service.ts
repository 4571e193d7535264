import {
  type CampaignReminders,
  type CampaignRemindersInput,
  type CampaignStatus,
  calendarStatus,
  type FieldError,
  type Reminder,
  SafenetError,
} from '@safenet/core';
import type { z } from 'zod';
import { type ExecutorHandle, share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { campaignInScope } from '../campaigns/index.js';
import type { RemindersDeps } from './reminders.deps.js';
import { reminderRules, replaceReminderRules } from './reminders.store.js';
import { type Executor, own } from './reminders.tables.js';

/** Statuses in which a campaign's reminders no longer change. */
const LOCKED: ReadonlySet<CampaignStatus> = new Set(['completed', 'archived', 'cancelled']);

/**
 * The problems of a campaign's reminder rules, each with its path under `prefix`: a key given
 * twice, an item the campaign's plan does not have.
 */
export async function reminderProblems(
  handle: ExecutorHandle,
  campaignId: string,
  reminders: readonly Reminder[],
  prefix = 'reminders',
): Promise<FieldError[]> {
  const db = own(handle);
  const planned = new Set(
    (
      await db
        .selectFrom('plan_items')
        .select('key')
        .where('campaign_id', '=', campaignId)
        .execute()
    ).map((row) => row.key),
  );
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  reminders.forEach((reminder, i) => {
    if (seen.has(reminder.key)) {
      problems.push({
        path: `${prefix}[${i}].key`,
        code: 'duplicate_key',
        message: `the key "${reminder.key}" is given twice: give each reminder its own key`,
      });
    }
    seen.add(reminder.key);
    if (reminder.items === 'all') return;
    reminder.items.forEach((key, j) => {
      if (!planned.has(key)) {
        problems.push({
          path: `${prefix}[${i}].items[${j}]`,
          code: 'unknown_item',
          message: `the plan has no item "${key}": name an item of the campaign's plan, or "all"`,
        });
      }
    });
  });
  return problems;
}

async function campaignStatus(db: Executor, campaignId: string, now: Date, lock: boolean) {
  const row = await db
    .selectFrom('campaigns')
    .select(['status', 'starts_on', 'ends_on', 'time_zone'])
    .where('id', '=', campaignId)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row) throw notFound('campaign', campaignId);
  return calendarStatus(
    { startsOn: row.starts_on, endsOn: row.ends_on, timeZone: row.time_zone, status: row.status },
    now,
  );
}

/**
 * Replaces the reminder rules of campaign `campaignId` by key inside the caller's transaction
 * (the programme file's loader passes its own, after its access checks and after writing the
 * plan the rules name): the campaign row is locked; a completed, archived or cancelled campaign
 * answers 409 `reminders_locked`; any problem of {@link reminderProblems} answers 400
 * `reminders_invalid` with all of them and nothing written. Reminders already sent stay sent;
 * a changed rule sends what it has due from now on.
 */
export async function writeReminders(
  trx: ExecutorHandle,
  campaignId: string,
  reminders: readonly Reminder[],
  now: Date,
  prefix = 'reminders',
): Promise<void> {
  const db = own(trx);
  const status = await campaignStatus(db, campaignId, now, true);
  if (LOCKED.has(status)) {
    throw new SafenetError(
      'reminders_locked',
      `The campaign is ${status}: its reminders no longer change`,
    );
  }
  const problems = await reminderProblems(trx, campaignId, reminders, prefix);
  if (problems.length > 0) {
    throw new SafenetError(
      'reminders_invalid',
      `Fix the reminders: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      { errors: problems },
    );
  }
  await replaceReminderRules(db, campaignId, reminders, now);
}

/** `PUT /v1/campaigns/:id/reminders`: every rule, all or nothing. */
export async function putReminders(
  deps: RemindersDeps,
  auth: AuthContext,
  campaignId: string,
  input: z.output<typeof CampaignRemindersInput>,
): Promise<CampaignReminders> {
  const now = new Date(deps.now());
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      await campaignInScope(share(trx), auth, campaignId);
      await writeReminders(share(trx), campaignId, input.reminders, now);
      return { campaignId, reminders: await reminderRules(trx, campaignId) };
    });
}

/** `GET /v1/campaigns/:id/reminders`. */
export async function getReminders(
  deps: RemindersDeps,
  auth: AuthContext,
  campaignId: string,
): Promise<CampaignReminders> {
  const db = own(deps.db);
  await campaignInScope(share(db), auth, campaignId);
  return { campaignId, reminders: await reminderRules(db, campaignId) };
}
