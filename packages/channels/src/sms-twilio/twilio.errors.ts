import { type DeliveryReason, SafenetError } from '@safenet/core';

/**
 * Twilio error codes (https://www.twilio.com/docs/api/errors) that say something about the
 * recipient, mapped to the delivery reason the hub records and falls back on. The same
 * codes arrive in two places: in the REST answer when Twilio refuses a message at once,
 * and as `ErrorCode` in a status callback when a carrier fails it later.
 */
const REASONS: Readonly<Record<string, DeliveryReason>> = {
  /** The recipient replied STOP to this sender: Twilio refuses until they reply START. */
  '21610': 'opted_out',
  /** Invalid 'To' phone number. */
  '21211': 'invalid_address',
  /** 'To' number is not a valid mobile number (a landline). */
  '21614': 'invalid_address',
  /** 'To' number is not currently reachable via SMS. */
  '21612': 'invalid_address',
  /**
   * Permission to send to this region is not enabled: the number is fine, the account's
   * geographic permissions are not, so the message is refused rather than the address.
   */
  '21408': 'provider_rejected',
  /**
   * Unreachable destination handset (switched off, out of coverage): the carrier retried
   * for the message's validity period and gave up — a temporary failure that ran out.
   */
  '30003': 'provider_unavailable',
  /** Unknown destination handset: the number does not exist. */
  '30005': 'invalid_address',
  /** Landline or unreachable carrier. */
  '30006': 'invalid_address',
};

/** The delivery reason for a Twilio error code; `provider_rejected` for any other code. */
export function reasonForTwilioCode(code: string | undefined): DeliveryReason {
  return (code !== undefined && REASONS[code]) || 'provider_rejected';
}

/**
 * The fields of twilio's `RestException` / `TwilioServiceException`, plus the Retry-After
 * the adapter's request client copies onto them (the library drops response headers).
 */
interface TwilioFailure {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  retryAfterSeconds?: unknown;
}

/**
 * Turns a failed `messages.create` into a {@link SafenetError}, keeping the original as
 * `cause` and Twilio's code as `providerCode`:
 *
 * - 429 or code 20429 (too many requests) → retryable, with `retryAfterSeconds` when Twilio
 *   sent Retry-After;
 * - 5xx, and failures without an HTTP answer (refused or reset connections, timeouts) →
 *   retryable `provider_unavailable`;
 * - 20003 (authentication failed) → retryable `provider_unavailable`: the hub's credentials
 *   are wrong, not the message, which should go out once an operator fixes them;
 * - 21610 (the recipient replied STOP) → permanent, reason `opted_out`;
 * - 21211, 21614, 21612 → permanent, reason `invalid_address`; 21408 (region not enabled)
 *   → permanent, reason `provider_rejected`;
 * - any other 4xx → permanent `provider_rejected`.
 */
export function classifyTwilioError(thrown: unknown): SafenetError {
  if (thrown instanceof SafenetError) return thrown;
  const failure: TwilioFailure = typeof thrown === 'object' && thrown !== null ? thrown : {};
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  const code =
    typeof failure.code === 'number' || typeof failure.code === 'string'
      ? String(failure.code)
      : undefined;
  const detail =
    typeof failure.message === 'string' && failure.message
      ? failure.message
      : thrown instanceof Error
        ? thrown.message
        : String(thrown);
  const said = `${detail}${code && status ? ` (Twilio error ${code}, HTTP ${status})` : ''}`;
  const providerCode = code ?? (status === undefined ? undefined : `HTTP ${status}`);
  const options = { cause: thrown, ...(providerCode === undefined ? {} : { providerCode }) };

  if (status === 429 || code === '20429') {
    const retryAfterSeconds =
      typeof failure.retryAfterSeconds === 'number' ? failure.retryAfterSeconds : undefined;
    return new SafenetError('provider_unavailable', `Twilio asked to slow down: ${said}`, {
      ...options,
      throttlesChannel: true,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  if (status === undefined || status >= 500) {
    return new SafenetError(
      'provider_unavailable',
      `Twilio could not be reached: ${said}`,
      options,
    );
  }
  if (code === '20003' || status === 401) {
    return new SafenetError(
      'provider_unavailable',
      `Twilio refused the credentials (check the account SID and auth token): ${said}`,
      options,
    );
  }
  return new SafenetError('provider_rejected', `Twilio refused the message: ${said}`, {
    ...options,
    reason: reasonForTwilioCode(code),
  });
}

/**
 * Seconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC 9110
 * §10.2.3). Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (typeof header === 'number') return header >= 0 ? header : undefined;
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
