import type { ErrorCode, FieldError } from '@safenet/core';

/**
 * Every code a {@link SafenetApiError} can carry: the hub's registry codes, plus
 * `network_error` (the hub could not be reached or answered something that is not the hub's)
 * and `timeout` (no answer within `timeoutMs`).
 */
export type SafenetApiErrorCode = ErrorCode | 'network_error' | 'timeout';

/** What a {@link SafenetApiError} is built from. */
export interface SafenetApiErrorInit {
  code: SafenetApiErrorCode;
  /** HTTP status; 0 when there was no HTTP answer. */
  status: number;
  retryable: boolean;
  title?: string;
  detail?: string;
  errors?: FieldError[];
  requestId?: string;
  /** Seconds from `Retry-After`, when the hub sent it. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one error the SDK throws (apart from the caller's own abort). `code` is stable and
 * comes from the hub's registry, so branch on it rather than on `message`.
 *
 * @example
 * try {
 *   await client.contacts.create({ orgId, role: 'parent', language: 'kk', addresses: { phone: '+7 701' } });
 * } catch (error) {
 *   if (error instanceof SafenetApiError && error.code === 'validation_failed') {
 *     for (const field of error.errors) console.log(field.path, field.code); // body.addresses.phone invalid_phone_number
 *   }
 * }
 */
export class SafenetApiError extends Error {
  override readonly name = 'SafenetApiError';
  readonly code: SafenetApiErrorCode;
  readonly status: number;
  /** True when sending the same request again may succeed. */
  readonly retryable: boolean;
  readonly detail: string | undefined;
  /** Field-level problems, for `validation_failed` and the like; empty otherwise. */
  readonly errors: FieldError[];
  /** The hub's `request-id` response header, to quote when asking for help. */
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: SafenetApiErrorInit) {
    super(
      init.detail ?? init.title ?? `${init.code} (HTTP ${init.status})`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.code = init.code;
    this.status = init.status;
    this.retryable = init.retryable;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}
