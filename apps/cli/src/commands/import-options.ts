import { basename } from 'node:path';
import type {
  ContactImportOptions,
  ImportEncoding,
  ImportField,
  ImportKey,
  Language,
  LegalBasis,
  Role,
} from '@safenet/sdk';
import { type Command, Option } from 'commander';
import { usageError } from '../errors.js';
import {
  COMMIT_CHOICES,
  CONSENT_CHANNELS,
  type CommitChoice,
  IMPORT_ENCODINGS,
  IMPORT_FIELDS,
  IMPORT_KEYS,
  LANGUAGES,
  LEGAL_BASES,
  ROLES,
} from './contact-vocabulary.js';
import { collect, repeat } from './shared.js';

/** The flags of `contacts import`, as commander parses them. */
export interface ImportFlags extends ErrorReportFlags {
  org?: string;
  key?: ImportKey;
  defaultRole?: Role;
  defaultLanguage?: Language;
  defaultCountry?: string;
  map?: string[];
  saveMapping?: boolean;
  format?: 'csv' | 'xlsx';
  encoding?: ImportEncoding;
  delimiter?: string;
  consentBasis?: LegalBasis;
  consentChannels?: string[];
  consentSource?: string;
  consentAt?: string;
  commit?: CommitChoice;
  mode?: 'all_or_nothing' | 'valid_rows';
}

/** Every option of `contacts import`, one per import option of the hub, and how to run it. */
export function importOptions(command: Command): Command {
  command
    .option('--org <orgId>', 'the organisation rows belong to (default: your key’s)')
    .addOption(
      new Option(
        '--key <field>',
        'what finds the contact a row updates (default: externalRef)',
      ).choices(IMPORT_KEYS),
    )
    .addOption(new Option('--default-role <role>', 'the role of rows without one').choices(ROLES))
    .addOption(
      new Option(
        '--default-language <lang>',
        'the language of rows without one (default: the organisation’s)',
      ).choices(LANGUAGES),
    )
    .option(
      '--default-country <code>',
      'the country of numbers written without + (KZ, VN; default: from the organisation’s time zone)',
    )
    .option(
      '--map <header=field>',
      `read a column as a field (repeatable); "header=" leaves it unread. Fields: ${IMPORT_FIELDS.join(', ')}`,
      repeat,
    )
    .option('--save-mapping', 'keep this file’s mapping as the organisation’s default')
    .addOption(
      new Option('--format <format>', 'the file’s format (default: read from its bytes)').choices([
        'csv',
        'xlsx',
      ]),
    )
    .addOption(
      new Option('--encoding <encoding>', 'a CSV’s text encoding (default: detected)').choices(
        IMPORT_ENCODINGS,
      ),
    )
    .addOption(
      new Option('--delimiter <char>', 'a CSV’s delimiter (default: detected)').choices([
        ',',
        ';',
        'tab',
        '|',
      ]),
    )
    .addOption(
      new Option(
        '--consent-basis <basis>',
        'required: the legal basis you hold these contacts on',
      ).choices(LEGAL_BASES),
    )
    .option(
      '--consent-channels <channels>',
      `the channels the basis covers, e.g. whatsapp,sms (default: none). Channels: ${CONSENT_CHANNELS.join(', ')}`,
      collect,
    )
    .option(
      '--consent-source <text>',
      'required: where and how consent was collected, e.g. "parent meeting form, 10 April 2017"',
    )
    .option('--consent-at <time>', 'when consent was given, ISO 8601 (default: now)')
    .addOption(
      new Option(
        '--commit <rows>',
        'after the dry run, without asking: write all rows (only if none was rejected) or the valid ones',
      )
        .choices(COMMIT_CHOICES)
        .conflicts('mode'),
    )
    .addOption(
      new Option(
        '--mode <mode>',
        'skip the dry run: import at once, all or nothing or the valid rows',
      )
        .choices(['all_or_nothing', 'valid_rows'])
        .conflicts('commit'),
    );
  return errorReportOptions(
    command,
    'where to write the rejected rows (default: <file name>.errors.csv next to the file)',
  );
}

/** The flags of an import's error report, as commander parses them. */
export interface ErrorReportFlags {
  errorsOut?: string;
  force?: boolean;
  lang?: Language;
}

/**
 * The error report's flags, the same on every command that writes one: `--errors-out` (`where`
 * says where it goes by default), `--force` and the messages' `--lang`.
 */
export function errorReportOptions(command: Command, where: string): Command {
  return command
    .option('--errors-out <file>', where)
    .option('--force', 'overwrite the error report if it exists')
    .addOption(
      new Option(
        '--lang <lang>',
        'the language of the rows’ error messages (default: from LC_ALL or LANG, else en)',
      ).choices(LANGUAGES),
    );
}

/**
 * The SDK's import options from the flags. The consent statement is refused here when
 * incomplete, before a byte is sent: an import without one would make contacts nobody may
 * message, and the hub would only say "validation failed".
 */
export function importRequest(file: string, flags: ImportFlags): ContactImportOptions {
  const missing = [
    flags.consentBasis ? null : `--consent-basis (${LEGAL_BASES.join(', ')})`,
    flags.consentSource?.trim() ? null : '--consent-source (where and how consent was collected)',
  ].filter((flag) => flag !== null);
  if (missing.length > 0 || !flags.consentBasis || !flags.consentSource) {
    throw usageError(
      `an import states the consent it relies on; missing ${missing.join(' and ')}. Nothing imported is sendable on a channel the statement does not name.`,
    );
  }
  const channels = flags.consentChannels ?? [];
  const unknown = channels.filter((channel) => !(CONSENT_CHANNELS as string[]).includes(channel));
  if (unknown.length > 0) {
    throw usageError(
      `--consent-channels: unknown channel ${unknown.join(', ')} (channels: ${CONSENT_CHANNELS.join(', ')})`,
    );
  }
  return {
    fileName: basename(file),
    consent: {
      basis: flags.consentBasis,
      channels: channels as (typeof CONSENT_CHANNELS)[number][],
      source: flags.consentSource,
      ...(flags.consentAt ? { at: flags.consentAt } : {}),
    },
    ...(flags.org ? { orgId: flags.org } : {}),
    ...(flags.key ? { key: flags.key } : {}),
    ...(flags.mode ? { mode: flags.mode } : {}),
    ...(flags.map ? { mapping: mappingOf(flags.map) } : {}),
    ...(flags.saveMapping ? { saveMapping: true } : {}),
    ...(flags.format ? { format: flags.format } : {}),
    ...(flags.encoding ? { encoding: flags.encoding } : {}),
    ...(flags.delimiter
      ? { delimiter: flags.delimiter === 'tab' ? '\t' : (flags.delimiter as ',' | ';' | '|') }
      : {}),
    ...(flags.defaultCountry ? { defaultCountry: flags.defaultCountry.toUpperCase() } : {}),
    ...(flags.defaultRole ? { defaultRole: flags.defaultRole } : {}),
    ...(flags.defaultLanguage ? { defaultLanguage: flags.defaultLanguage } : {}),
  };
}

/**
 * `--map 'Телефон=phone' --map 'Примечание='`: header → field, or `null` (not read). Split at
 * the last `=`, so a header may hold one; no field does.
 */
export function mappingOf(pairs: string[]): Record<string, ImportField | null> {
  const mapping: Record<string, ImportField | null> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const header = pair.slice(0, at).trim();
    const field = pair.slice(at + 1).trim();
    if (at <= 0 || header === '') {
      throw usageError(`--map ${JSON.stringify(pair)}: write it as "Header=field" (or "Header=")`);
    }
    if (field !== '' && !(IMPORT_FIELDS as readonly string[]).includes(field)) {
      throw usageError(
        `--map ${JSON.stringify(pair)}: unknown field "${field}" (fields: ${IMPORT_FIELDS.join(', ')})`,
      );
    }
    mapping[header] = field === '' ? null : (field as ImportField);
  }
  return mapping;
}
