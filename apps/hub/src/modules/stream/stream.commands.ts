import { SafenetError, toSafenetError } from '@safenet/core';
import { z } from 'zod';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { type AlertsDeps, moveAlert } from '../alerts/index.js';

/**
 * What a dashboard may send up the stream: acknowledge or resolve an alert, as
 * `POST /v1/alerts/:id/acknowledge` and `…/resolve` do — the same service function, scope
 * (`write` or `cases`) and error codes. `requestId`, when given, comes back on the answer.
 */
const StreamCommand = z.object({
  type: z.enum(['alert.acknowledge', 'alert.resolve']),
  alertId: z.uuid(),
  requestId: z.string().max(100).optional(),
});

const MOVES = { 'alert.acknowledge': 'acknowledged', 'alert.resolve': 'resolved' } as const;

/**
 * Runs one command frame and returns the answer frame: `{ type: '<command>.result',
 * requestId, alert }`, or `{ type: 'error', requestId, code, message }` with the API's codes
 * (`validation_failed` for a frame that is not a command, `insufficient_scope`, `not_found`
 * out of the key's subtree, `alert_state_conflict`).
 */
export async function runStreamCommand(
  deps: AlertsDeps,
  auth: AuthContext,
  text: string,
): Promise<Record<string, unknown>> {
  let requestId: string | undefined;
  try {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    if (raw && typeof raw === 'object' && 'requestId' in raw && typeof raw.requestId === 'string') {
      requestId = raw.requestId;
    }
    const parsed = StreamCommand.safeParse(raw);
    if (!parsed.success) {
      throw new SafenetError(
        'validation_failed',
        'Send {"type": "alert.acknowledge" | "alert.resolve", "alertId": "<alert id>", "requestId"?: "…"} as a JSON text frame',
      );
    }
    const alert = await moveAlert(deps, auth, parsed.data.alertId, MOVES[parsed.data.type]);
    return { type: `${parsed.data.type}.result`, requestId: requestId ?? null, alert };
  } catch (thrown) {
    const error = toSafenetError(thrown);
    return {
      type: 'error',
      requestId: requestId ?? null,
      code: error.code,
      message: error.message,
    };
  }
}
