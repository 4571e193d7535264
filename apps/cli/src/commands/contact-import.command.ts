import { openAsBlob } from 'node:fs';
import type { ContactImport, SafenetClient } from '@safenet/sdk';
import { type Command, Option } from 'commander';
import { usageError } from '../errors.js';
import { documented } from '../help.js';
import { type Io, note } from '../io.js';
import { type OutputFormat, outputFormat } from '../output/format.js';
import { askChoice } from '../prompt.js';
import { COMMIT_MODES, type CommitChoice, messageLanguage } from './contact-vocabulary.js';
import { followImport } from './follow-import.js';
import { type ImportFlags, importOptions, importRequest } from './import-options.js';
import {
  checkErrorsOut,
  errorReportPath,
  finishImport,
  type ResultOptions,
} from './import-result.js';
import { connect } from './shared.js';

/** `contacts import <file>`: a spreadsheet through a dry run into the hub. */
export function registerImportCommand(contacts: Command, io: Io): void {
  documented(
    importOptions(
      contacts
        .command('import')
        .description(
          'Import a CSV or XLSX file of contacts (docs/guides/import-contacts.md). By default a dry run: every row is checked and nothing is written; then, on a terminal, it asks whether to import the valid rows — or say so with --commit all|valid, or skip the dry run with --mode. The rejected rows are written next to the file as <name>.errors.csv, to fix and import again. Importing the same file again changes nothing. Exits 0 when the import completed, or a dry run rejected no row.',
        )
        .argument('<file>', 'the spreadsheet: .csv, .txt (Excel’s “Unicode text”) or .xlsx'),
    )
      .addOption(
        new Option(
          '-o, --output <format>',
          'table: the columns as read and the counts; json: the final import record (default: table on a terminal, json otherwise)',
        ).choices(['table', 'json']),
      )
      .action(
        async (file: string, flags: ImportFlags & { output?: OutputFormat }, command: Command) => {
          const request = importRequest(file, flags);
          if (!request.consent.channels.length) {
            note(
              io,
              'No --consent-channels: the contacts are sendable on no channel unless a row’s consent column grants one.',
            );
          }
          const result: ResultOptions = {
            format: outputFormat(io, flags.output),
            lang: messageLanguage(flags.lang, io.env),
            errorsOut: errorReportPath(file, flags.errorsOut),
            force: flags.force === true,
          };
          checkErrorsOut(file, result.errorsOut);
          const blob = await openFile(file);
          const client = await connect(command, io);
          const started = await client.contactImports.start(blob, request);
          note(io, `Import ${started.id} of ${started.fileName} started (${started.mode}).`);
          let record = await follow(io, client, started.id);
          if (!record) return;
          if (record.status === 'validated') {
            const mode = await commitChoice(io, record, flags.commit);
            if (mode) {
              await client.contactImports.commit(record.id, { mode: COMMIT_MODES[mode] });
              note(io, `Committing the ${mode === 'all' ? 'rows, all or nothing' : 'valid rows'}.`);
              record = await follow(io, client, record.id);
              if (!record) return;
            }
          }
          await finishImport(io, client, record, result);
        },
      ),
    {
      examples: [
        {
          comment: 'check a school’s list of parents (a dry run, writing nothing)',
          command:
            'safenet contacts import 5A-parents.csv --org "$SCHOOL" --key phone --default-role parent --consent-basis consent --consent-channels whatsapp,sms --consent-source "parent meeting form, 10 April 2017"',
        },
        {
          comment: 'from a script: import the valid rows after the dry run',
          command:
            'safenet contacts import ата-аналар.xlsx --org "$SCHOOL" --key phone --default-role parent --consent-basis public_task --consent-source "school register" --commit valid -o json',
        },
        {
          comment:
            'a Vietnamese school’s “Unicode text” export, every row or none, the messages in Vietnamese',
          command:
            'safenet contacts import danh-sach.txt --org "$SCHOOL" --key phone --default-role parent --default-country VN --map "Đồng ý Zalo=" --consent-basis consent --consent-channels sms --consent-source "phiếu đồng ý" --mode all_or_nothing --lang vi',
        },
      ],
      exits: {
        3: 'the organisation (--org) is not in your key’s subtree',
        4: 'the hub refused rows — all_or_nothing with a rejected row, or a dry run with rejected rows (the error report says which) — or the file itself (415 import_file_type: not CSV or XLSX; import_file_malformed), or the key lacks the write scope',
      },
    },
  );
}

/** Follows an import; on Ctrl-C says how to pick up again and answers nothing. */
async function follow(
  io: Io,
  client: SafenetClient,
  importId: string,
): Promise<ContactImport | undefined> {
  const followed = await followImport(io, client, importId);
  if (followed.outcome === 'settled') return followed.record;
  note(io, `Detached: import ${importId} goes on in the hub.`);
  note(io, `See it with: safenet contacts imports show ${importId}`);
  return undefined;
}

/**
 * Whether to commit a finished dry run, and how: as `--commit` says (`all` only when no row
 * was rejected: all or nothing would be refused anyway), else by asking on a terminal. Off a
 * terminal without `--commit`, the dry run stays a dry run.
 */
async function commitChoice(
  io: Io,
  dryRun: ContactImport,
  flag: CommitChoice | undefined,
): Promise<CommitChoice | undefined> {
  const { valid, rejected, rows } = dryRun.counts;
  if (flag === 'all' && rejected > 0) {
    note(
      io,
      `Not committed: ${rejected} of ${rows} rows were rejected, and --commit all writes a clean file only (--commit valid writes the valid rows).`,
    );
    return undefined;
  }
  if (flag) return valid > 0 ? flag : undefined;
  if (!io.stdin.isTTY || !io.stderr.isTTY || valid === 0) return undefined;
  note(io, `Dry run: ${rows} rows, ${valid} valid, ${rejected} rejected.`);
  const answer = await askChoice(
    io,
    `Import the ${valid} valid rows?`,
    ['all', 'valid', 'no'],
    'no',
  );
  return answer === 'no' ? undefined : answer;
}

/** The file as a Blob read from disk as it is sent, never whole into memory. */
async function openFile(file: string): Promise<Blob> {
  try {
    return await openAsBlob(file);
  } catch (cause) {
    throw usageError(`cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
}
