import { type DeliveryReason, SafenetError } from '@safenet/core';

/** What a Zalo error code means for a delivery: try again (and when), or fail with a reason. */
export type ZaloVerdict =
  | {
      retryable: true;
      why: string;
      hold?: 'next_day' | 'morning' | 'hour';
      /** Zalo's rate limit: the whole channel waits, as for another provider's 429. */
      throttles?: true;
    }
  | { retryable: false; reason: DeliveryReason; why: string };

/** Vietnam's offset from UTC (no daylight saving): ZNS quotas and sending hours follow it. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * The codes Safenet acts on, from Zalo's two error tables.
 *
 * ZNS, now sold as ZBS template messages (`business.openapi.zalo.me`), answers -1xx codes
 * (zalo.cloud/zns/guidelines/handle-error-code; developers.zalo.me/docs/zbs-template-message/
 * bang-ma-loi): -100 unknown … -105 app not linked to an OA, -108 phone invalid, -109
 * template id invalid, -112 template data invalid, -115 out of balance, -118 no Zalo account
 * (or one deactivated over 30 days), -124 access token invalid, -131 template not approved,
 * -133 outside the hours ZNS may be sent (22:00–06:00), -139 the user refused this kind of
 * message. Unverified — from an older copy of the table, not found in the sources searched
 * on 2026-12-07: -114 (the user cannot get ZNS: inactive, refused, old app; one source gives
 * -114 as "button content invalid"), -119 (the account cannot receive ZNS) and -144 (the
 * OA's daily quota is used up).
 *
 * The OA API (`openapi.zalo.me/v3.0`, developers.zalo.me/docs/official-account/phu-luc/ma-loi)
 * answers -32 for its rate limit (per app or per OA, counted per minute), and -2xx codes:
 * -213 the user does not follow the OA, -216 access token invalid, -217 the user blocked
 * the OA's invitations to follow it, -220 access token expired or removed, -227 the user is
 * banned or inactive for over 45 days, -230 / -232 the user has not written to the OA in the
 * last 7 days (or never), -234 this kind of message may not be sent at night (22:00–06:00),
 * -244 the user restricted this kind of message from the OA.
 *
 * Codes about the hub's own account (app, token, balance) are retryable, as other adapters
 * treat a refused login: they say nothing about the message, which goes out once an operator
 * fixes the account.
 */
const CODES: ReadonlyMap<number, ZaloVerdict> = new Map<number, ZaloVerdict>([
  [-32, { retryable: true, throttles: true, why: 'The Zalo app or OA hit its API rate limit' }],
  [-100, { retryable: true, why: 'Zalo failed for an unknown reason' }],
  [-101, { retryable: true, why: 'The Zalo app is invalid (check the app id)' }],
  [-102, { retryable: true, why: 'The Zalo app does not exist (check the app id)' }],
  [-103, { retryable: true, why: 'The Zalo app is not activated' }],
  [-104, { retryable: true, why: 'The Zalo app secret is invalid (check the config)' }],
  [-105, { retryable: true, why: 'The Zalo app is not linked to an Official Account' }],
  [-108, { retryable: false, reason: 'invalid_address', why: 'The phone number is invalid' }],
  [-109, { retryable: false, reason: 'template_required', why: 'The ZNS template id is invalid' }],
  [
    -112,
    { retryable: false, reason: 'provider_rejected', why: 'The ZNS template data is invalid' },
  ],
  [
    -114,
    {
      retryable: false,
      reason: 'not_on_zalo',
      // Unverified (see above).
      why: 'The user cannot get ZNS (inactive account, refused notifications or an old Zalo app)',
    },
  ],
  [-115, { retryable: true, hold: 'hour', why: 'The ZNS account is out of balance' }],
  [-118, { retryable: false, reason: 'not_on_zalo', why: 'The phone number has no Zalo account' }],
  // Unverified (see above).
  [-119, { retryable: false, reason: 'not_on_zalo', why: 'The Zalo account cannot receive ZNS' }],
  [-124, { retryable: true, why: 'The Zalo access token is invalid or expired' }],
  [
    -131,
    { retryable: false, reason: 'template_required', why: 'The ZNS template is not approved' },
  ],
  [-133, { retryable: true, hold: 'morning', why: 'ZNS may not be sent at this hour' }],
  [
    -139,
    { retryable: false, reason: 'opted_out', why: 'The user refused notifications from this OA' },
  ],
  // Unverified (see above).
  [-144, { retryable: true, hold: 'next_day', why: 'The OA used up its daily ZNS quota' }],
  [-213, { retryable: false, reason: 'not_on_zalo', why: 'The Zalo user does not follow the OA' }],
  [-216, { retryable: true, why: 'The Zalo access token is invalid' }],
  // Refusing the OA's invitations to follow it leaves the user out of the OA's reach, as not
  // following it does; it says nothing of notifications from the school, so no opt-out.
  [
    -217,
    {
      retryable: false,
      reason: 'not_on_zalo',
      why: 'The Zalo user blocked invitations from the OA',
    },
  ],
  [-220, { retryable: true, why: 'The Zalo access token expired or was removed' }],
  [
    -227,
    {
      retryable: false,
      reason: 'not_on_zalo',
      why: 'The Zalo account is banned or has been inactive for over 45 days',
    },
  ],
  [
    -230,
    {
      retryable: false,
      reason: 'template_required',
      why: 'The user has not written to the OA in the last 7 days: only ZNS reaches them now',
    },
  ],
  [
    -232,
    {
      retryable: false,
      reason: 'template_required',
      why: 'The user has never written to the OA, or too long ago: only ZNS reaches them',
    },
  ],
  [-234, { retryable: true, hold: 'morning', why: 'This OA message may not be sent at night' }],
  [
    -244,
    {
      retryable: false,
      reason: 'opted_out',
      why: 'The Zalo user restricted this kind of message from the OA',
    },
  ],
]);

/** The codes that mean the access token was refused: refresh it and send once more. */
export const TOKEN_EXPIRED_CODES: ReadonlySet<number> = new Set([-124, -216, -220]);

/**
 * The verdict for a Zalo error code, from a send's answer. Unknown codes are permanent
 * (`provider_rejected`): Zalo answers HTTP 200 with a code for refusals, so an unknown one is
 * a refusal of the request; unknown -1xx/-2xx account codes would have been listed.
 */
export function verdictFor(code: number): ZaloVerdict {
  return (
    CODES.get(code) ?? { retryable: false, reason: 'provider_rejected', why: 'Zalo refused it' }
  );
}

/** Seconds from `now` until the hold ends: Vietnam's next midnight, 06:00, or an hour. */
export function holdSeconds(hold: 'next_day' | 'morning' | 'hour', now: Date): number {
  if (hold === 'hour') return 3_600;
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  const target = new Date(local);
  target.setUTCHours(hold === 'next_day' ? 24 : 6, 0, 0, 0);
  if (target <= local) target.setUTCDate(target.getUTCDate() + 1);
  return Math.ceil((target.getTime() - local.getTime()) / 1000);
}

/**
 * Turns Zalo's `{ error, message }` into a {@link SafenetError}: `provider_rejected` with the
 * delivery reason, or a retryable `provider_unavailable` — held for the whole channel until
 * the quota renews (Vietnam's next day), the allowed hours begin (06:00) or, out of balance,
 * an hour; over the rate limit (-32, which says no time) the channel backs off as after
 * another provider's throttle. The code is kept as `providerCode`; tokens never appear in the
 * message.
 */
export function classifyZaloError(
  code: number,
  detail: string | undefined,
  now: Date,
): SafenetError {
  const verdict = verdictFor(code);
  const message = `${verdict.why} (Zalo error ${code})${detail ? `: ${detail}` : ''}`;
  const cause = { error: code, message: detail };
  if (!verdict.retryable) {
    return new SafenetError('provider_rejected', message, {
      cause,
      reason: verdict.reason,
      providerCode: String(code),
    });
  }
  return new SafenetError('provider_unavailable', message, {
    cause,
    reason: 'provider_unavailable',
    providerCode: String(code),
    ...(verdict.hold
      ? { retryAfterSeconds: holdSeconds(verdict.hold, now), throttlesChannel: true }
      : verdict.throttles
        ? { throttlesChannel: true }
        : {}),
  });
}
