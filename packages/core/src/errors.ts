import type { DeliveryReason } from './delivery/delivery.schema.js';

/**
 * The one error-code registry. Every error Safenet reports — over HTTP, in the SDK,
 * in a delivery's failure reason — carries one of these codes. Codes are stable:
 * add new ones, never rename. docs/reference/errors.md lists them; a test fails
 * when the two drift.
 */
export const ERROR_CODES = {
  validation_failed: {
    status: 400,
    retryable: false,
    title: 'The request does not match the schema',
  },
  malformed_json: { status: 400, retryable: false, title: 'The request body is not valid JSON' },
  invalid_phone_number: {
    status: 400,
    retryable: false,
    title: 'A phone number is not a valid E.164 number',
  },
  unsupported_language: {
    status: 400,
    retryable: false,
    title: 'A language code is not one Safenet supports',
  },
  invalid_cursor: { status: 400, retryable: false, title: 'The pagination cursor is not valid' },
  programme_invalid: {
    status: 400,
    retryable: false,
    title: 'The programme file has problems: each is listed with its path, line and column',
  },
  webhook_url_invalid: {
    status: 400,
    retryable: false,
    title: 'A webhook endpoint URL is not an absolute http(s) URL',
  },
  plan_invalid: {
    status: 400,
    retryable: false,
    title: 'The activity plan has problems: each is listed with its path',
  },
  report_form_invalid: {
    status: 400,
    retryable: false,
    title: 'The report form’s fields have problems: each is listed with its path',
  },
  report_schedule_invalid: {
    status: 400,
    retryable: false,
    title: 'The report form’s periods do not make sense (a due date before the period starts)',
  },
  report_values_invalid: {
    status: 400,
    retryable: false,
    title: 'The answers do not match the report form: each problem is listed with its field',
  },
  reminders_invalid: {
    status: 400,
    retryable: false,
    title: 'The reminder rules have problems: each is listed with its path',
  },
  announcement_invalid: {
    status: 400,
    retryable: false,
    title:
      'An announcement does not fit its campaign (unknown phase or item, an RRULE that never fires inside the window…)',
  },
  case_link_invalid: {
    status: 400,
    retryable: false,
    title: 'A reported link is not a web address (http or https) the hub can take',
  },
  case_assignee_invalid: {
    status: 400,
    retryable: false,
    title: 'The assignee is not a specialist of the case’s organisation or above it',
  },
  case_routing_invalid: {
    status: 400,
    retryable: false,
    title: 'A routing rule names an organisation outside the subtree, or sends cases upward',
  },
  unauthenticated: {
    status: 401,
    retryable: false,
    title: 'No valid API key or session: missing, malformed, revoked, expired or unknown',
  },
  invalid_credentials: {
    status: 401,
    retryable: false,
    title: 'The email address or the password is wrong',
  },
  webhook_signature_invalid: {
    status: 401,
    retryable: false,
    title: 'The provider webhook is unsigned or its signature does not match',
  },
  telegram_webhook_refused: {
    status: 401,
    retryable: false,
    title: 'The Telegram webhook call does not carry the secret token set with setWebhook',
  },
  metrics_token_invalid: {
    status: 401,
    retryable: false,
    title: 'The metrics token is missing or wrong',
  },
  insufficient_scope: {
    status: 403,
    retryable: false,
    title: 'The API key lacks the scope this operation needs',
  },
  webhook_verify_token_invalid: {
    status: 403,
    retryable: false,
    title: 'The webhook subscription handshake has the wrong verify token',
  },
  csrf_token_invalid: {
    status: 403,
    retryable: false,
    title:
      'A request made with the session cookie lacks the right X-CSRF-Token, or came from another site',
  },
  current_password_invalid: {
    status: 403,
    retryable: false,
    title: 'The current password given to change it is wrong',
  },
  user_disabled: {
    status: 403,
    retryable: false,
    title: 'The account is disabled',
  },
  metrics_loopback_only: {
    status: 403,
    retryable: false,
    title: 'Without a metrics token, metrics are served to this machine only',
  },
  case_action_forbidden: {
    status: 403,
    retryable: false,
    title: 'The permission rules do not let you do this to the case (docs/reference/cases.md)',
  },
  approval_self: {
    status: 403,
    retryable: false,
    title: 'You wrote or requested this (or your key acts for you): another person must approve it',
  },
  not_found: { status: 404, retryable: false, title: 'No such record in your organisation' },
  report_period_unknown: {
    status: 404,
    retryable: false,
    title: 'The report form has no such period',
  },
  route_not_found: { status: 404, retryable: false, title: 'No such endpoint' },
  channel_not_configured: {
    status: 404,
    retryable: false,
    title: 'No provider of this kind is configured for the channel',
  },
  unsubscribe_link_invalid: {
    status: 404,
    retryable: false,
    title: 'The unsubscribe link is malformed or was not signed by this hub',
  },
  report_link_invalid: {
    status: 404,
    retryable: false,
    title: 'The report link is malformed, altered or was not signed by this hub',
  },
  method_not_allowed: {
    status: 405,
    retryable: false,
    title: 'The path does not serve this method',
  },
  conflict: { status: 409, retryable: false, title: 'The record already exists or changed' },
  idempotency_in_progress: {
    status: 409,
    retryable: true,
    title: 'A request with this Idempotency-Key is still being processed',
  },
  channel_not_held: {
    status: 409,
    retryable: true,
    title: 'No worker process holds the phone of this channel',
  },
  broadcast_not_cancellable: {
    status: 409,
    retryable: false,
    title: 'The broadcast has already finished',
  },
  api_key_self_revoke: {
    status: 409,
    retryable: false,
    title: 'An API key cannot revoke itself',
  },
  api_key_last_admin: {
    status: 409,
    retryable: false,
    title: "The root organisation's last admin key cannot be revoked",
  },
  user_exists: {
    status: 409,
    retryable: false,
    title: 'Someone with this email address already has an account',
  },
  user_last_admin: {
    status: 409,
    retryable: false,
    title: 'The change would leave the organisation without an admin',
  },
  webhook_message_not_replayable: {
    status: 409,
    retryable: false,
    title: 'The webhook message is still being tried: only a delivered or dead one is replayed',
  },
  alert_state_conflict: {
    status: 409,
    retryable: false,
    title: 'The alert’s state does not allow this move (a resolved alert is not acknowledged)',
  },
  case_transition_forbidden: {
    status: 409,
    retryable: false,
    title:
      'The case’s state does not allow this move (a new case is triaged before it is resolved)',
  },
  organisation_code_taken: {
    status: 409,
    retryable: false,
    title: 'Another organisation of the same root’s tree already has this code',
  },
  recommendation_status_conflict: {
    status: 409,
    retryable: false,
    title: 'The version’s status does not allow this (e.g. submitting a version already in review)',
  },
  recommendation_not_published: {
    status: 409,
    retryable: false,
    title: 'The recommendation has no published version: only an approved version is sent',
  },
  approval_not_pending: {
    status: 409,
    retryable: false,
    title: 'Nothing awaits approval here: it was already approved or rejected, or never submitted',
  },
  campaign_status_conflict: {
    status: 409,
    retryable: false,
    title: 'The campaign’s lifecycle does not allow this status change now',
  },
  campaign_edit_forbidden: {
    status: 409,
    retryable: false,
    title:
      'The campaign’s status does not allow this change (e.g. moving a running campaign’s start)',
  },
  plan_edit_forbidden: {
    status: 409,
    retryable: false,
    title: 'The campaign’s status does not allow its plan or its statuses to change',
  },
  campaign_already_adopted: {
    status: 409,
    retryable: false,
    title: 'The organisation already has a campaign implementing this one',
  },
  campaign_adopt_closed: {
    status: 409,
    retryable: false,
    title: 'The campaign is completed, archived or cancelled: it can no longer be adopted',
  },
  reminders_locked: {
    status: 409,
    retryable: false,
    title: 'The campaign is completed, archived or cancelled: its reminders no longer change',
  },
  announcements_locked: {
    status: 409,
    retryable: false,
    title: 'The campaign is completed, archived or cancelled: its announcements no longer change',
  },
  report_form_key_taken: {
    status: 409,
    retryable: false,
    title: 'The organisation already has a report form with this key',
  },
  report_form_in_use: {
    status: 409,
    retryable: false,
    title: 'The change would drop or retype fields that submissions already answer',
  },
  report_locked: {
    status: 409,
    retryable: false,
    title: 'The period is locked (or the submission approved): nothing is submitted or changed',
  },
  report_approval_blocked: {
    status: 409,
    retryable: false,
    title: 'The subtree cannot be approved yet: lower levels or submissions are missing',
  },
  report_approval_conflict: {
    status: 409,
    retryable: false,
    title: 'Already approved, not approved, or covered by an approval above',
  },
  telegram_not_configured: {
    status: 409,
    retryable: false,
    title:
      'The hub has no Telegram bot, or not its username (SAFENET_TELEGRAM_BOT_USERNAME): no deep link can be made',
  },
  telegram_chat_unavailable: {
    status: 409,
    retryable: false,
    title: 'The Telegram chat is not connected, or the bot may not post there',
  },
  telegram_post_not_cancellable: {
    status: 409,
    retryable: false,
    title: 'The Telegram post has already finished',
  },
  report_link_expired: {
    status: 410,
    retryable: false,
    title: 'The report link has expired',
  },
  report_link_revoked: {
    status: 410,
    retryable: false,
    title: 'The report link was revoked',
  },
  invitation_expired: {
    status: 410,
    retryable: false,
    title: 'The invitation has expired',
  },
  invitation_used: {
    status: 410,
    retryable: false,
    title: 'The invitation was already accepted',
  },
  reset_token_expired: {
    status: 410,
    retryable: false,
    title: 'The password reset link has expired',
  },
  reset_token_used: {
    status: 410,
    retryable: false,
    title: 'The password reset link was already used',
  },
  payload_too_large: { status: 413, retryable: false, title: 'The request body is too large' },
  unsupported_media_type: {
    status: 415,
    retryable: false,
    title: 'The request body must be application/json',
  },
  idempotency_key_reused: {
    status: 422,
    retryable: false,
    title: 'This Idempotency-Key was used with a different request',
  },
  segment_empty: {
    status: 422,
    retryable: false,
    title: 'The segment matches no contact reachable on the chosen channels',
  },
  content_unavailable: {
    status: 422,
    retryable: false,
    title: 'The content has no text to send',
  },
  template_variable_missing: {
    status: 422,
    retryable: false,
    title: 'A template uses a variable that was not provided',
  },
  campaign_organiser_outside_tree: {
    status: 422,
    retryable: false,
    title: 'An organiser is not the owner organisation, one beneath it or one above it',
  },
  campaign_implements_invalid: {
    status: 422,
    retryable: false,
    title: 'The campaign to implement is not a campaign of an organisation above the owner',
  },
  campaign_key_missing: {
    status: 409,
    retryable: false,
    title: 'The campaign has no key, which a programme file needs: give it one first',
  },
  campaign_adopt_outside_tree: {
    status: 422,
    retryable: false,
    title: 'The adopting organisation is not strictly beneath the campaign’s owner',
  },
  report_not_expected: {
    status: 422,
    retryable: false,
    title: 'The organisation is not assigned this report form',
  },
  report_assignee_outside_tree: {
    status: 422,
    retryable: false,
    title: 'An assignee is not the form’s owner or an organisation beneath it',
  },
  report_not_approver: {
    status: 422,
    retryable: false,
    title: 'The organisation is not an approval level of the form, or not above the submitter',
  },
  programme_section_unsupported: {
    status: 422,
    retryable: false,
    title: 'The programme file has a section no part of the hub stores',
  },
  rate_limited: { status: 429, retryable: true, title: 'Too many requests' },
  sign_in_locked: {
    status: 429,
    retryable: true,
    title: 'Too many failed sign-ins: the account or address is locked for a while',
  },
  internal_error: { status: 500, retryable: true, title: 'Something went wrong inside Safenet' },
  method_not_implemented: {
    status: 501,
    retryable: false,
    title: 'The hub does not implement this HTTP method',
  },
  provider_unavailable: {
    status: 502,
    retryable: true,
    title: 'The channel provider could not be reached or failed temporarily',
  },
  provider_rejected: {
    status: 502,
    retryable: false,
    title: 'The channel provider permanently refused the message',
  },
  store_unavailable: { status: 503, retryable: true, title: 'The database is not available' },
  data_dir_locked: {
    status: 503,
    retryable: false,
    title: 'Another hub process holds the embedded data directory',
  },
  embedded_database_failed: {
    status: 503,
    retryable: false,
    title: 'The embedded PostgreSQL could not be set up or started',
  },
  broadcast_not_editable: {
    status: 409,
    retryable: false,
    title:
      'The broadcast has started sending, finished, or was cancelled or rejected: it no longer changes',
  },
  hotline_number_invalid: {
    status: 400,
    retryable: false,
    title: 'A hotline number is not a local number or a valid E.164 number',
  },
  price_table_empty: {
    status: 400,
    retryable: false,
    title: 'The price table prices nothing',
  },
  attachment_type_not_allowed: {
    status: 415,
    retryable: false,
    title:
      'The file’s bytes are not of a type a version may carry: PDF, JPEG, PNG, DOCX, XLSX or PPTX',
  },
  attachment_too_large: {
    status: 413,
    retryable: false,
    title: 'The file is larger than this hub takes (SAFENET_ATTACHMENT_MAX_BYTES)',
  },
  attachment_limit: {
    status: 409,
    retryable: false,
    title: 'The version already carries as many files as a version may',
  },
  attachment_link_invalid: {
    status: 404,
    retryable: false,
    title: 'The file link is malformed, altered, or its file is not of a published version',
  },
  import_file_type: {
    status: 415,
    retryable: false,
    title: 'The upload is not a CSV or XLSX spreadsheet',
  },
  import_file_malformed: {
    status: 400,
    retryable: false,
    title: 'The spreadsheet cannot be read: empty, without a header row, or broken at a row',
  },
  import_too_large: {
    status: 413,
    retryable: false,
    title: 'The spreadsheet is larger than this hub takes (SAFENET_IMPORT_MAX_BYTES)',
  },
  import_mapping_invalid: {
    status: 400,
    retryable: false,
    title: 'The column mapping names an unknown field or column, or leaves a required field out',
  },
  import_state: {
    status: 409,
    retryable: false,
    title: 'The import is not in a state that allows this: still running, or already committed',
  },
} as const satisfies Record<string, { status: number; retryable: boolean; title: string }>;

/** A stable error code from {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Every code, in registry order. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

/** One field-level problem inside a `validation_failed` (or more specific) error. */
export interface FieldError {
  /** Dotted path into the request, e.g. `body.addresses.phone`. */
  path: string;
  /** A stable code for this field's problem, e.g. `invalid_phone_number`, `unrecognized_keys`. */
  code: string;
  message: string;
  /** For a problem in a text the request carries (a programme file): its 1-based line. */
  line?: number;
  /** …and its 1-based column. */
  column?: number;
}

/** Options for {@link SafenetError}. */
export interface SafenetErrorOptions {
  cause?: unknown;
  errors?: FieldError[];
  /** Overrides the registry's retryable flag, e.g. for a provider answering 429. */
  retryable?: boolean;
  /** Seconds the caller should wait before retrying, when known. */
  retryAfterSeconds?: number;
  /** For a channel failure: the delivery reason it maps to (e.g. `opted_out`). */
  reason?: DeliveryReason;
  /** For a channel failure: the provider's own error code (e.g. Twilio `21610`). */
  providerCode?: string;
  /**
   * For a channel failure: the provider throttles the whole account or number (Twilio 429,
   * WhatsApp 130429), not just this message, so every send on the channel should wait.
   */
  throttlesChannel?: boolean;
  /**
   * For a temporary channel failure: it is about this recipient (WhatsApp's per-recipient
   * limit 131056, a mailbox that is busy), so it spends one of the delivery's attempts. Any
   * other temporary failure is about the provider or the account (5xx, 429, timeouts, refused
   * connections) and spends none: the hub waits for the provider instead.
   */
  aboutRecipient?: boolean;
}

/**
 * The one error class of Safenet. It keeps `cause`, so the original failure is
 * never lost, and carries a registry code from which status and retryability follow.
 *
 * @example
 * throw new SafenetError('not_found', `No contact ${id} in your organisation`);
 */
export class SafenetError extends Error {
  override readonly name = 'SafenetError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly errors: FieldError[];
  readonly retryAfterSeconds: number | undefined;
  readonly reason: DeliveryReason | undefined;
  readonly providerCode: string | undefined;
  readonly throttlesChannel: boolean;
  readonly aboutRecipient: boolean;

  constructor(code: ErrorCode, message: string, options: SafenetErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.errors = options.errors ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.reason = options.reason;
    this.providerCode = options.providerCode;
    this.throttlesChannel = options.throttlesChannel ?? false;
    this.aboutRecipient = options.aboutRecipient ?? false;
  }
}

/** True when `code` is a registry code. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/**
 * Turns anything thrown into a {@link SafenetError}, keeping the original as `cause`.
 * Used once at every boundary (HTTP handler, job worker, SDK).
 */
export function toSafenetError(thrown: unknown): SafenetError {
  if (thrown instanceof SafenetError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new SafenetError('internal_error', message, { cause: thrown });
}
