import type { Language, OrganisationKind } from '@safenet/sdk';
import { type Command, Option } from 'commander';
import { documented } from '../help.js';
import { type Io, note } from '../io.js';
import { writeNewFile } from '../output/write-file.js';
import { connect, everyOf } from './shared.js';

const KINDS = everyOf<OrganisationKind>()([
  'ministry',
  'province',
  'district',
  'school',
  'association',
]);
const LANGUAGES = everyOf<Language>()(['ru', 'kk', 'vi', 'en']);

interface ExportFlags {
  period: string;
  out: string;
  org?: string;
  level?: OrganisationKind;
  language?: Language;
  force?: boolean;
}

/** `reports export`: a results report's roll-up as a workbook. */
export function registerReportCommands(program: Command, io: Io): void {
  const reports = program
    .command('reports')
    .description('Results reports: forms, submissions and their roll-up up the tree.');
  documented(
    reports
      .command('export')
      .description(
        'Write a form’s roll-up for a period as an XLSX workbook: one row per organisation with the totals, and a sheet of who is missing.',
      )
      .argument('<formId>', 'the report form’s id')
      .addOption(
        new Option('--period <key>', 'the period, e.g. once or 2017-04').makeOptionMandatory(),
      )
      .addOption(
        new Option(
          '--out <file>',
          'the workbook to write, e.g. results.xlsx',
        ).makeOptionMandatory(),
      )
      .option(
        '--org <orgId>',
        'whose roll-up (default: yours, or the form’s owner when you are above it)',
      )
      .addOption(
        new Option(
          '--level <kind>',
          'one row per organisation of this kind (default: the children)',
        ).choices(KINDS),
      )
      .addOption(
        new Option('--language <lang>', 'headers and statuses in this language').choices(LANGUAGES),
      )
      .option('--force', 'overwrite the file if it exists')
      .action(async (formId: string, options: ExportFlags, command: Command) => {
        const client = await connect(command, io);
        const bytes = await client.reports.exportXlsx(formId, options.period, {
          ...(options.org ? { orgId: options.org } : {}),
          ...(options.level ? { level: options.level } : {}),
          ...(options.language ? { language: options.language } : {}),
        });
        await writeNewFile(options.out, bytes, options.force === true);
        note(io, `Wrote ${options.out} (${bytes.byteLength} bytes).`);
      }),
    {
      examples: [
        {
          comment: 'the provinces’ results of the 2017 campaign',
          command:
            'safenet reports export "$FORM" --period once --level province --out safe-internet-2017.xlsx',
        },
        {
          comment: 'in Kazakh, replacing last night’s file',
          command:
            'safenet reports export "$FORM" --period 2017-04 --language kk --out results.xlsx --force',
        },
      ],
      exits: {
        3: 'no form with this id in your key’s subtree, or no such period',
        4: 'the hub refused it (the key lacks the read scope)',
      },
    },
  );
}
