import type { ContactImport } from '@safenet/sdk';
import { type Command, Option } from 'commander';
import { documented } from '../help.js';
import { type Io, note } from '../io.js';
import { type OutputFormat, outputFormat, outputOption } from '../output/format.js';
import { printView, type View } from '../output/render.js';
import {
  COMMIT_CHOICES,
  COMMIT_MODES,
  type CommitChoice,
  messageLanguage,
} from './contact-vocabulary.js';
import { followImport } from './follow-import.js';
import { type ErrorReportFlags, errorReportOptions } from './import-options.js';
import { finishImport, printResult, saveErrorReport } from './import-result.js';
import { connect, type PageFlags, pageOptions, readList } from './shared.js';

const ID = '0193f4a2-7c1e-7d3a-9b2f-5e6a7b8c9d0e';

/** `contacts imports list|show|commit`: the imports already started. */
export function registerImportsCommands(contacts: Command, io: Io): void {
  const imports = contacts
    .command('imports')
    .description(
      'Contact imports already started: where they stand, their rejected rows, committing a dry run.',
    );

  documented(
    pageOptions(
      imports.command('list').description('List the imports of your key’s subtree, newest first.'),
    )
      .option('--org <orgId>', 'the imports of this organisation’s subtree')
      .addOption(outputOption())
      .action(
        async (options: PageFlags & { org?: string; output?: OutputFormat }, command: Command) => {
          const client = await connect(command, io);
          const items = await readList(
            io,
            options,
            options.org ? { orgId: options.org } : {},
            (params) => client.contactImports.list(params),
          );
          printView(io, outputFormat(io, options.output), importsView(items));
        },
      ),
    {
      examples: [
        { comment: 'the latest imports', command: 'safenet contacts imports list' },
        {
          comment: 'dry runs waiting for a commit, with jq',
          command:
            'safenet contacts imports list --all -o json | jq -r \'.[] | select(.status == "validated") | .id\'',
        },
      ],
      exits: { 3: 'the organisation (--org) is not in your key’s subtree' },
    },
  );

  documented(
    errorReportOptions(
      imports
        .command('show')
        .description(
          'An import: how its columns were read, where it stands and its row counts; --errors-out writes its rejected rows.',
        )
        .argument('<importId>', 'the import’s id')
        .addOption(outputOption()),
      'write the rejected rows to this CSV file, to fix and import again',
    ).action(
      async (
        importId: string,
        options: ErrorReportFlags & { output?: OutputFormat },
        command: Command,
      ) => {
        const client = await connect(command, io);
        const record = await client.contactImports.get(importId);
        printResult(io, record, outputFormat(io, options.output));
        if (options.errorsOut) {
          await saveErrorReport(io, client, record.id, {
            errorsOut: options.errorsOut,
            force: options.force === true,
            lang: messageLanguage(options.lang, io.env),
          });
        }
      },
    ),
    {
      examples: [
        { comment: 'where an import stands', command: `safenet contacts imports show ${ID}` },
        {
          comment: 'its rejected rows, with messages in Russian',
          command: `safenet contacts imports show ${ID} --errors-out rejected.csv --lang ru`,
        },
      ],
      exits: { 3: 'no import with this id in your key’s subtree' },
    },
  );

  documented(
    errorReportOptions(
      imports
        .command('commit')
        .description(
          'Write a dry run’s rows — all or nothing, or the valid rows — and follow it to the end.',
        )
        .argument('<importId>', 'the dry run’s id')
        .addOption(
          new Option('--mode <rows>', 'all: every row or none; valid: the valid rows')
            .choices(COMMIT_CHOICES)
            .makeOptionMandatory(),
        )
        .addOption(
          new Option('-o, --output <format>', 'table, or json: the final import record').choices([
            'table',
            'json',
          ]),
        ),
      'where to write the rejected rows (default: <file name>.errors.csv here)',
    ).action(
      async (
        importId: string,
        options: ErrorReportFlags & { mode: CommitChoice; output?: OutputFormat },
        command: Command,
      ) => {
        const client = await connect(command, io);
        const committed = await client.contactImports.commit(importId, {
          mode: COMMIT_MODES[options.mode],
        });
        note(io, `Committing import ${committed.id} (${committed.mode}).`);
        const followed = await followImport(io, client, committed.id);
        if (followed.outcome === 'detached') {
          note(io, `Detached: import ${importId} goes on in the hub.`);
          return;
        }
        await finishImport(io, client, followed.record, {
          format: outputFormat(io, options.output),
          lang: messageLanguage(options.lang, io.env),
          errorsOut:
            options.errorsOut ?? `${followed.record.fileName.replace(/\.[^.]*$/, '')}.errors.csv`,
          force: options.force === true,
        });
      },
    ),
    {
      examples: [
        {
          comment: 'import the valid rows of a dry run',
          command: `safenet contacts imports commit ${ID} --mode valid`,
        },
      ],
      exits: {
        3: 'no import with this id in your key’s subtree',
        4: 'it is not a validated dry run (`import_state`), or all or nothing met a rejected row',
      },
    },
  );
}

function importsView(items: ContactImport[]): View<ContactImport> {
  return {
    json: items,
    rows: items,
    columns: [
      { header: 'id', value: (i) => i.id },
      { header: 'file', value: (i) => i.fileName },
      { header: 'organisation', value: (i) => i.orgId },
      { header: 'mode', value: (i) => i.mode },
      { header: 'status', value: (i) => i.status },
      { header: 'rows', value: (i) => i.counts.rows },
      { header: 'rejected', value: (i) => i.counts.rejected },
      { header: 'created', value: (i) => i.counts.created },
      { header: 'updated', value: (i) => i.counts.updated },
      { header: 'unchanged', value: (i) => i.counts.unchanged },
      { header: 'started', value: (i) => i.createdAt },
    ],
  };
}
