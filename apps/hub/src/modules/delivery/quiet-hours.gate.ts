import { isQuiet, nextAllowed, type QuietHours } from '@safenet/core';
import { sql } from 'kysely';
import { share } from '../../platform/database/schema.js';
import { readQuietHourSettings, resolveQuietHours } from '../organisations/index.js';
import type { DispatchDeps } from './delivery.deps.js';
import type { Send, Verdict } from './gates.js';

/** Go on to the next gate, nothing learnt. */
const GO: Verdict<Send> = { kind: 'send' };
/** Go on, inside quiet hours: the claim records the override. */
const OVERRIDE: Verdict<Send> = { kind: 'send', set: { quietHoursOverridden: true } };

/**
 * Quiet hours: a message that would reach its recipient inside the quiet hours of the
 * recipient's organisation (the nearest setting up its tree, else the hub's default), on the
 * recipient's own wall clock, waits in a new job until they end — still `queued`, marked
 * deferred (`deferred_until`, reason `quiet_hours`). It comes before the breaker, the pacing
 * and the claim (`DELIVERY_GATES`), so it takes no probe, no pacing slot and no attempt. A
 * message of an urgent broadcast goes, and its claim records the override.
 *
 * A batch gate: the settings of every organisation on the batch's recipients' paths are read
 * in one statement and each organisation's hours resolved once; the deferred ones are marked
 * in one more, which also clears the mark of those whose night is over, so a message held
 * after its night by the breaker or pacing no longer counts as deferred. Nothing per message.
 * The wait carries no `unavailableSince`: a night is no provider outage, and the outage
 * horizon must not run through it.
 */
export async function quietHours(
  deps: DispatchDeps,
  sends: readonly Send[],
): Promise<Verdict<Send>[]> {
  const now = deps.now();
  const at = new Date(now);
  const settings = await readQuietHourSettings(
    share(deps.db),
    sends.flatMap(({ plan }) => plan.recipient.orgPath),
  );
  const byOrg = new Map<string, QuietHours | null>();
  const hoursOf = (orgPath: readonly string[]) => {
    const orgId = orgPath.at(-1) as string;
    let quiet = byOrg.get(orgId);
    if (quiet === undefined) {
      quiet = resolveQuietHours(orgPath, settings, deps.quietHours).quietHours;
      byOrg.set(orgId, quiet);
    }
    return quiet;
  };
  const marks: { id: string; until: Date | null }[] = [];
  const verdicts = sends.map((send): Verdict<Send> => {
    const { delivery } = send;
    const { orgPath, timeZone } = send.plan.recipient;
    const quiet = hoursOf(orgPath);
    const inside = quiet !== null && isQuiet(quiet, at, timeZone);
    if (!inside || send.context.broadcast.urgent) {
      // It waits no more for quiet hours (a later gate may still hold it, for its own reasons).
      if (delivery.deferred_until !== null) marks.push({ id: delivery.id, until: null });
      return inside ? OVERRIDE : GO;
    }
    const until = nextAllowed(quiet as QuietHours, at, timeZone);
    marks.push({ id: delivery.id, until });
    return { kind: 'later', afterMs: until.getTime() - now };
  });
  await markDeferred(deps, marks);
  return verdicts;
}

/**
 * Marks deliveries deferred by quiet hours until when each may go, and clears the mark of
 * those whose night is over (`until` null): one statement for the batch.
 */
async function markDeferred(
  deps: DispatchDeps,
  marks: readonly { id: string; until: Date | null }[],
): Promise<void> {
  if (marks.length === 0) return;
  const ids = marks.map((m) => m.id);
  const untils = marks.map((m) => m.until?.toISOString() ?? null);
  await sql`
    UPDATE deliveries AS d
       SET deferred_until = v.until,
           deferred_reason = CASE WHEN v.until IS NULL THEN NULL ELSE 'quiet_hours' END
      FROM unnest(${ids}::uuid[], ${untils}::timestamptz[]) AS v(id, until)
     WHERE d.id = v.id AND d.status IN ('queued', 'sending')`.execute(deps.db);
}
