import type { CampaignStatus, Reminder } from '@safenet/core';
import type { ProgrammePart } from '../campaigns/index.js';
import { writeReminders } from './reminders.service.js';
import { reminderRules } from './reminders.store.js';
import { own } from './reminders.tables.js';

/** Statuses whose reminders no longer change (as `writeReminders` refuses them). */
const LOCKED: ReadonlySet<CampaignStatus> = new Set(['completed', 'archived', 'cancelled']);

/** A list of rules as stored, comparable: defaults made explicit, object keys in one order. */
function comparable(reminders: readonly Reminder[]): string {
  return JSON.stringify(
    reminders.map((r) => [
      r.key,
      r.items,
      r.daysBefore,
      r.time,
      r.roles ?? null,
      r.channels,
      r.digest ?? false,
    ]),
  );
}

/**
 * The `reminders` part of a programme file: the campaign's reminder rules, written by key as
 * `PUT /v1/campaigns/:id/reminders` writes them (`writeReminders`), after the plan part has
 * written the items they name. A file without `reminders` leaves the stored rules alone.
 *
 * Its problems are judged on the file: the loader's parse has checked every item a rule names
 * against the file's own plan (nothing is written yet); this adds a completed, archived or
 * cancelled campaign's rules changing (`reminders_locked`).
 */
export function remindersProgrammePart(): ProgrammePart {
  return {
    name: 'reminders',
    sections: ['reminders'],

    async read(db, campaign) {
      const reminders = await reminderRules(own(db), campaign.id);
      return reminders.length > 0 ? { reminders } : {};
    },

    async problems(file, _resolved, db, campaign) {
      if (file.reminders === undefined || !campaign || !LOCKED.has(campaign.status)) return [];
      const stored = await reminderRules(own(db), campaign.id);
      if (comparable(stored) === comparable(file.reminders)) return [];
      return [
        {
          at: ['reminders'],
          code: 'reminders_locked',
          message: `the campaign is ${campaign.status}: its reminders no longer change; load the file with them as they are stored, or copy the campaign into a new one`,
        },
      ];
    },

    async write(db, campaign, file, resolved) {
      if (file.reminders === undefined || LOCKED.has(campaign.status)) return false;
      const stored = await reminderRules(own(db), campaign.id);
      if (comparable(stored) === comparable(file.reminders)) return false;
      await writeReminders(db, campaign.id, file.reminders, resolved.now);
      return true;
    },
  };
}
