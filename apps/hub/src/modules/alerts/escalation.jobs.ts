import {
  type AlertCode,
  type AlertSeverity,
  type EscalationChannel,
  type EscalationPosition,
  escalationAlertText,
  escalationTarget,
  type LocalizedText,
  nextEscalation,
  ON_CALL_ROLE,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import { type DatabaseHandle, type ExecutorHandle, share } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { own } from './alerts.tables.js';
import { dueAlerts, lockedAlert, recordEscalation, setNextStep } from './escalation.store.js';

/** How many due alerts one sweep takes at most; the next sweep takes the rest. */
const SWEEP_BATCH = 200;

/** An urgent message to the on-call people of one organisation, written in `trx`. */
export interface EscalationMessage {
  /** The broadcast's id, recorded with the step before it is written. */
  id: string;
  orgId: string;
  roles: readonly [typeof ON_CALL_ROLE];
  channels: readonly EscalationChannel[];
  body: LocalizedText;
  now: Date;
}

/** One step the sweep chose and is about to take: what a test's hook sees. */
export interface EscalationStepChosen extends EscalationPosition {
  alertId: string;
}

/** What the escalation sweep needs of the hub. */
export interface EscalationDeps {
  db: DatabaseHandle;
  bus: EventBus;
  now(): number;
  orgPathOf(orgId: string): Promise<readonly string[]>;
  /** The console's address: a message links to `${publicUrl}/alerts/<id>`. */
  publicUrl: string;
  /**
   * Writes the step's broadcast in `trx` — urgent, so quiet hours do not hold it. Injected by
   * the hub's composition: the broadcasts module reaches the alerts module (through delivery),
   * so the alerts module cannot import it.
   */
  notify(trx: ExecutorHandle, message: EscalationMessage): Promise<void>;
  /**
   * Runs in each step's transaction after the sweep chose it and before it locks the alert: a
   * seam for tests that hold two processes (or a sweep and an acknowledge) there. Production
   * leaves it out.
   */
  beforeStep?(step: EscalationStepChosen, trx: ExecutorHandle): Promise<void>;
}

/**
 * Takes the escalation steps due now, once per call (a timer in worker processes calls it
 * every `SAFENET_ALERT_ESCALATION_SWEEP_MS`; tests call it with their clock). Returns how many steps
 * it took.
 *
 * Each step runs in one transaction that locks its alert first: an acknowledge or resolve
 * (which locks it too) either committed before — the alert is no longer open, nothing is sent —
 * or waits until the step committed. Two sweeping processes that chose the same step meet at
 * the lock: the second sees the alert moved on to the next step (and the step's primary key
 * in `alert_escalations` would refuse it besides), so each step is sent once.
 */
export async function sweepEscalations(deps: EscalationDeps): Promise<number> {
  const now = new Date(deps.now());
  let taken = 0;
  for (const due of await dueAlerts(own(deps.db), now, SWEEP_BATCH)) {
    if (due.escalation_step === null || due.escalation_run === null) continue;
    taken += await takeStep(deps, now, {
      alertId: due.id,
      step: due.escalation_step,
      run: due.escalation_run,
    });
  }
  return taken;
}

async function takeStep(
  deps: EscalationDeps,
  now: Date,
  chosen: EscalationStepChosen,
): Promise<number> {
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      await deps.beforeStep?.(chosen, share(trx));
      const row = await lockedAlert(trx, chosen.alertId);
      const policy = row?.escalation_policy;
      if (
        !row ||
        !policy ||
        row.state !== 'open' ||
        row.escalation_step !== chosen.step ||
        row.escalation_run !== chosen.run ||
        row.escalation_due_at === null ||
        row.escalation_due_at > now
      ) {
        return 0;
      }
      const step = policy.steps[chosen.step];
      if (!step) {
        await setNextStep(trx, row.id, null);
        return 0;
      }
      const orgPath = await deps.orgPathOf(row.org_id);
      const target = escalationTarget(orgPath, step.levelsUp);
      const broadcastId = uuidv7();
      const recorded = await recordEscalation(trx, {
        alertId: row.id,
        step: chosen.step,
        run: chosen.run,
        orgId: target,
        broadcastId,
        channels: step.channels,
        at: now.toISOString(),
      });
      if (!recorded) return 0;
      await deps.notify(share(trx), {
        id: broadcastId,
        orgId: target,
        roles: [ON_CALL_ROLE],
        channels: step.channels,
        body: escalationAlertText({
          code: row.code as AlertCode,
          severity: row.severity as AlertSeverity,
          message: row.message,
          url: `${deps.publicUrl.replace(/\/$/, '')}/alerts/${row.id}`,
        }),
        now,
      });
      // The next step counts from this one's sending, not from when it was due: a hub down
      // for an hour does not send the whole ladder at once when it is back.
      const next = nextEscalation(policy, chosen);
      await setNextStep(
        trx,
        row.id,
        next && {
          ...next.position,
          dueAt: new Date(now.getTime() + next.afterMinutes * 60_000),
        },
      );
      await deps.bus.publish(
        {
          orgPath,
          event: {
            type: 'alert.escalated',
            orgId: row.org_id,
            at: now.toISOString(),
            data: {
              alertId: row.id,
              step: chosen.step,
              run: chosen.run,
              notifiedOrgId: target,
              broadcastId,
            },
          },
        },
        trx,
      );
      return 1;
    });
}
