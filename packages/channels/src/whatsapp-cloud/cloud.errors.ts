import { type DeliveryReason, SafenetError } from '@safenet/core';

/** The error object of a Graph API reply: `{ error: { message, type, code, … } }`. */
export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_data?: { details?: string };
  fbtrace_id?: string;
}

/** What a provider code means for a delivery: try again (and when), or fail with a reason. */
export type CodeVerdict =
  | {
      retryable: true;
      minDelaySeconds?: number;
      throttlesChannel?: true;
      aboutRecipient?: true;
      why: string;
    }
  | { retryable: false; reason: DeliveryReason; why: string };

/**
 * Sending the same recipient too often (131056) is throttled per pair of numbers for about a
 * minute, so retrying sooner only burns attempts.
 */
const PAIR_RATE_DELAY_SECONDS = 60;

/**
 * The Cloud API codes Safenet acts on, from Meta's error-code reference. Codes about the
 * hub's own account (token, permissions, payment, locked number) are retryable: they say
 * nothing about the message, which should go out once an operator fixes the account, as
 * the SMTP adapter does with a refused login.
 */
const CODES: ReadonlyMap<number, CodeVerdict> = new Map<number, CodeVerdict>([
  [4, { retryable: true, why: 'The app hit its Graph API call limit' }],
  [80007, { retryable: true, why: 'The WhatsApp Business Account hit its rate limit' }],
  [
    130429,
    { retryable: true, throttlesChannel: true, why: 'The phone number hit its throughput limit' },
  ],
  [
    131056,
    {
      retryable: true,
      minDelaySeconds: PAIR_RATE_DELAY_SECONDS,
      aboutRecipient: true,
      why: 'Too many messages to this recipient in a short time',
    },
  ],
  [131048, { retryable: true, why: 'The number is limited for spam (check its quality rating)' }],
  [131000, { retryable: true, why: 'WhatsApp failed for an unknown reason' }],
  [131016, { retryable: true, why: 'WhatsApp is temporarily unavailable' }],
  [190, { retryable: true, why: 'The access token expired or is invalid (check the config)' }],
  [10, { retryable: true, why: 'The token lacks a permission (check the config)' }],
  [200, { retryable: true, why: 'The token lacks a permission (check the config)' }],
  [131031, { retryable: true, why: 'The business account is locked' }],
  [131042, { retryable: true, why: 'The business account has a payment problem' }],
  [133010, { retryable: true, why: 'The phone number is not registered with the Cloud API' }],
  [368, { retryable: true, why: 'The number is temporarily blocked for policy violations' }],
  [
    131026,
    {
      retryable: false,
      reason: 'not_on_whatsapp',
      why: 'The recipient cannot get WhatsApp messages',
    },
  ],
  [
    131047,
    {
      retryable: false,
      reason: 'template_required',
      why: 'More than 24 hours passed since the recipient last replied; send a template',
    },
  ],
  [
    132001,
    {
      retryable: false,
      reason: 'template_required',
      why: 'The template does not exist or is not approved in this language',
    },
  ],
  [
    131030,
    {
      retryable: false,
      reason: 'invalid_address',
      why: 'The recipient is not in the test number’s allowed list',
    },
  ],
  [131021, { retryable: false, reason: 'invalid_address', why: 'The recipient is the sender' }],
  [131009, { retryable: false, reason: 'provider_rejected', why: 'A parameter value is invalid' }],
  [131051, { retryable: false, reason: 'provider_rejected', why: 'Unsupported message type' }],
  [
    131049,
    { retryable: false, reason: 'provider_rejected', why: 'WhatsApp chose not to deliver it' },
  ],
]);

/**
 * The verdict for a Cloud API error code, from a send's reply or a `failed` status webhook.
 * Unknown codes with an HTTP status: 5xx and 429 are retryable; other 4xx are permanent,
 * because the request itself was refused. 100 ("invalid parameter") is `invalid_address` when
 * Meta's details name the recipient, `provider_rejected` otherwise.
 */
export function verdictFor(
  code: number | undefined,
  httpStatus?: number,
  detail = '',
): CodeVerdict {
  const known = code === undefined ? undefined : CODES.get(code);
  if (known) return known;
  if (code === 100) {
    return /recipient|phone|\bto\b|wa_?id/i.test(detail)
      ? { retryable: false, reason: 'invalid_address', why: 'The recipient address is invalid' }
      : { retryable: false, reason: 'provider_rejected', why: 'A parameter is invalid' };
  }
  if (code !== undefined && code >= 132000 && code < 133000) {
    return { retryable: false, reason: 'provider_rejected', why: 'The template was refused' };
  }
  if (httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500 && httpStatus !== 429) {
    return { retryable: false, reason: 'provider_rejected', why: 'WhatsApp refused the message' };
  }
  return { retryable: true, why: 'WhatsApp failed temporarily' };
}

/**
 * Turns a refused Cloud API send into a {@link SafenetError}: retryable ones are
 * `provider_unavailable` (with `retryAfterSeconds` from `Retry-After`, at least 60 s for the
 * per-recipient limit), permanent ones `provider_rejected` with the delivery reason. The Graph
 * code (and subcode) is kept as `providerCode`.
 */
export function classifyGraphError(
  httpStatus: number,
  error: GraphError | undefined,
  retryAfter: string | null,
): SafenetError {
  const code = typeof error?.code === 'number' ? error.code : undefined;
  const detail = [error?.message, error?.error_data?.details].filter(Boolean).join(' — ');
  const verdict = verdictFor(code, httpStatus, detail);
  const providerCode =
    code === undefined
      ? `http_${httpStatus}`
      : error?.error_subcode === undefined
        ? String(code)
        : `${code}/${error.error_subcode}`;
  const message = `${verdict.why} (HTTP ${httpStatus}${code === undefined ? '' : `, code ${code}`})${detail ? `: ${detail}` : ''}`;
  const cause = error ?? { httpStatus };
  if (!verdict.retryable) {
    return new SafenetError('provider_rejected', message, {
      cause,
      reason: verdict.reason,
      providerCode,
    });
  }
  const after = parseRetryAfter(retryAfter);
  const delay =
    verdict.minDelaySeconds === undefined ? after : Math.max(after ?? 0, verdict.minDelaySeconds);
  return new SafenetError('provider_unavailable', message, {
    cause,
    reason: 'provider_unavailable',
    providerCode,
    ...(verdict.throttlesChannel ? { throttlesChannel: true } : {}),
    ...(verdict.aboutRecipient ? { aboutRecipient: true } : {}),
    ...(delay === undefined ? {} : { retryAfterSeconds: delay }),
  });
}

/** `Retry-After` as seconds: a number of seconds or an HTTP date; undefined when absent. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
