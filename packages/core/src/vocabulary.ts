/**
 * `@safenet/core/vocabulary`: the hub's closed lists of words (channels, languages, roles,
 * the fields and choices of a contact import) as plain data, without the schemas, for the SDK,
 * the console and the command line. The schemas build their enums from these same arrays.
 */

/**
 * The delivery channels Safenet knows. A broadcast lists them in order of preference;
 * which provider serves a channel (e.g. whatsapp-web or whatsapp-cloud) is hub configuration.
 * New channels go at the end: signed links number channels by their place here.
 */
export const CHANNELS = ['whatsapp', 'sms', 'email', 'telegram', 'websocket', 'zalo'] as const;

/**
 * Languages content can be written in. Russian, Kazakh, Vietnamese and English are the
 * programmes' languages; add a code here (and a fallback chain) to support another.
 */
export const LANGUAGES = ['ru', 'kk', 'vi', 'en'] as const;

/** Who a contact is. Contacts are adults: parents, teachers and officials — never children. */
export const ROLES = [
  'parent',
  'teacher',
  'school_head',
  'psychologist',
  'official',
  'specialist',
] as const;

/** What a contact's consent on a channel can be when filtering: given, withdrawn, or never set. */
export const CONSENT_FILTER_STATUSES = ['granted', 'revoked', 'none'] as const;

/**
 * The contact fields a spreadsheet column can fill. `organisation` names the contact's
 * organisation by id, code or a name path (`Đắk Lắk / Gia Lâm / School No. 5`);
 * `childAgeBands` reads `6-10; 11-14`; `zalo` a Vietnamese phone (`0912 345 678`, stored as
 * `+84…`: a ZNS template) or a follower's Zalo user id (16 to 24 digits: an OA message); a
 * `consent.<channel>` column says per row whether consent on that channel was given
 * (`yes`/`да`/`иә`/`có`, `granted`) or withdrawn (`no`/`нет`/`жоқ`/`không`, `revoked`) — the
 * columns the export writes, so a round trip loses nothing. Columns mapped to nothing are not
 * read, and never stored.
 */
export const IMPORT_FIELDS = [
  'externalRef',
  'displayName',
  'role',
  'language',
  'timeZone',
  'organisation',
  'phone',
  'whatsapp',
  'email',
  'telegram',
  'zalo',
  'childAgeBands',
  'consent.whatsapp',
  'consent.sms',
  'consent.email',
  'consent.telegram',
  'consent.zalo',
] as const;

/**
 * The channels a `consent.<channel>` column or an import's consent can name: every channel
 * with an address an import fills, so not in-app (it needs none).
 */
export const IMPORT_CONSENT_CHANNELS = CHANNELS.filter(
  (channel): channel is Exclude<(typeof CHANNELS)[number], 'websocket'> => channel !== 'websocket',
);

/** Text encodings a CSV is read in: detected from the bytes unless given. */
export const IMPORT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1251'] as const;

/** Spreadsheet formats an import reads and an export writes. */
export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;

/**
 * What a row is matched on to find the contact it updates: re-importing a file updates
 * the contacts it created, and changes nothing the second time.
 */
export const IMPORT_KEYS = ['externalRef', 'phone', 'email'] as const;

/**
 * `dry_run`: validates every row and reports what would happen, writing no contact (commit
 * it afterwards); `all_or_nothing`: writes every row or, if any is rejected, none;
 * `valid_rows`: writes the valid rows and reports the rejected ones.
 */
export const IMPORT_MODES = ['dry_run', 'all_or_nothing', 'valid_rows'] as const;

/**
 * The legal basis the importing organisation relies on for the channels it names, as
 * personal-data laws list them (Kazakhstan's Law on Personal Data, Vietnam's Decree
 * 13/2023, the GDPR's Article 6): recorded with every consent the import grants.
 */
export const LEGAL_BASES = [
  'consent',
  'public_task',
  'legal_obligation',
  'legitimate_interests',
] as const;

/** The kinds of Telegram chat posts go to (a private chat is a contact's, not a target). */
export const TELEGRAM_CHAT_TYPES = ['group', 'supergroup', 'channel'] as const;

/**
 * A connected Telegram chat: `active`, the bot may post; `no_rights`, it is in the chat but may
 * not post there; `removed`, it was removed from the chat, or the organisation disconnected it.
 */
export const TELEGRAM_CHAT_STATUSES = ['active', 'no_rights', 'removed'] as const;

/**
 * A post to Telegram chats: `scheduled` until `sendAt`; `sending` while chats are posted to;
 * `completed` once every chat has its outcome; `cancelled` when stopped before that.
 */
export const TELEGRAM_POST_STATUSES = ['scheduled', 'sending', 'completed', 'cancelled'] as const;

/**
 * One chat's outcome of a post: `queued` until posted (a chat held by Telegram's flood control
 * waits here); `sending` while the bot posts; `posted`; `failed` (see its `error`); `cancelled`.
 */
export const TELEGRAM_POST_TARGET_STATUSES = [
  'queued',
  'sending',
  'posted',
  'failed',
  'cancelled',
] as const;
