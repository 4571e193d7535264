import { type ImportMode, LANGUAGES, type Language } from '@safenet/sdk';

/**
 * The hub's words the contacts commands offer as choices (and completion lists): the SDK's
 * lists, which are the hub's own.
 */
export {
  CHANNELS,
  CONSENT_FILTER_STATUSES as CONSENT_STATUSES,
  IMPORT_CONSENT_CHANNELS as CONSENT_CHANNELS,
  IMPORT_ENCODINGS,
  IMPORT_FIELDS,
  IMPORT_KEYS,
  LANGUAGES,
  LEGAL_BASES,
  ROLES,
} from '@safenet/sdk';

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
