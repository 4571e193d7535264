import type {
  Channel,
  ConsentFilterStatus,
  ImportEncoding,
  ImportField,
  ImportKey,
  ImportMode,
  Language,
  LegalBasis,
  Role,
} from '@safenet/sdk';
import { everyOf } from './shared.js';

/**
 * The hub's words the contacts commands offer as choices (and completion lists). The SDK
 * exports the types, not the lists: each list fails the typecheck when the hub adds a word.
 */
export const IMPORT_FIELDS = everyOf<ImportField>()([
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
  'childAgeBands',
  'consent.whatsapp',
  'consent.sms',
  'consent.email',
  'consent.telegram',
]);
export const IMPORT_KEYS = everyOf<ImportKey>()(['externalRef', 'phone', 'email']);
export const IMPORT_ENCODINGS = everyOf<ImportEncoding>()([
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1251',
]);
export const LEGAL_BASES = everyOf<LegalBasis>()([
  'consent',
  'public_task',
  'legal_obligation',
  'legitimate_interests',
]);
export const ROLES = everyOf<Role>()([
  'parent',
  'teacher',
  'school_head',
  'psychologist',
  'official',
  'specialist',
]);
export const LANGUAGES = everyOf<Language>()(['ru', 'kk', 'vi', 'en']);
export const CHANNELS = everyOf<Channel>()(['whatsapp', 'sms', 'email', 'telegram', 'websocket']);
/** Channels an import's consent statement can name: every one but the in-app websocket. */
export const CONSENT_CHANNELS = CHANNELS.filter((channel) => channel !== 'websocket');
export const CONSENT_STATUSES = everyOf<ConsentFilterStatus>()(['granted', 'revoked', 'none']);

/** `--commit all|valid` and `imports commit --mode all|valid`: the hub's commit modes, said short. */
export const COMMIT_CHOICES = ['all', 'valid'] as const;
export type CommitChoice = (typeof COMMIT_CHOICES)[number];
export const COMMIT_MODES = {
  all: 'all_or_nothing',
  valid: 'valid_rows',
} as const satisfies Record<CommitChoice, Exclude<ImportMode, 'dry_run'>>;

/**
 * The language of the hub's row messages: `--lang`, else the locale's (`LC_ALL`, then
 * `LC_MESSAGES`, then `LANG`, as POSIX orders them) when it is one the hub writes, else English.
 */
export function messageLanguage(flag: Language | undefined, env: NodeJS.ProcessEnv): Language {
  if (flag) return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const code = locale.slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(code) ? (code as Language) : 'en';
}
