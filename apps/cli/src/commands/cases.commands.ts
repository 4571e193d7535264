import type { CaseListParams, CaseSeverity, CaseState, CaseSummary } from '@safenet/sdk';
import { type Command, Option } from 'commander';
import { documented } from '../help.js';
import type { Io } from '../io.js';
import { type OutputFormat, outputFormat, outputOption } from '../output/format.js';
import { printView } from '../output/render.js';
import { connect, everyOf, type PageFlags, pageOptions, readList } from './shared.js';

const STATES = [
  ...everyOf<CaseState>()(['new', 'triaged', 'referred', 'in_action', 'resolved', 'rejected']),
  'open',
] as const;
const SEVERITIES = everyOf<CaseSeverity>()(['critical', 'high', 'normal', 'low']);

interface CaseListFlags extends PageFlags {
  state?: CaseState | 'open';
  severity?: CaseSeverity;
  assignee?: string;
  org?: string;
  output?: OutputFormat;
}

/** `cases list`: the harmful-content cases specialists triage. */
export function registerCaseCommands(program: Command, io: Io): void {
  const cases = program
    .command('cases')
    .description('Harmful-content cases: reports of links, gathered for specialists.');
  documented(
    pageOptions(
      cases
        .command('list')
        .description(
          'List the cases routed to your key’s subtree, filtered: a key with the cases scope (or admin) sees them, another key an empty list.',
        ),
    )
      .addOption(
        new Option(
          '--state <state>',
          'one state, or open (every state but resolved and rejected)',
        ).choices(STATES),
      )
      .addOption(new Option('--severity <severity>', 'only this severity').choices(SEVERITIES))
      .option('--assignee <userId>', 'a specialist’s user id, or none')
      .option('--org <orgId>', 'only cases routed to this organisation or beneath it')
      .addOption(outputOption())
      .action(async (options: CaseListFlags, command: Command) => {
        const client = await connect(command, io);
        const filters: CaseListParams = {
          ...(options.state ? { state: options.state } : {}),
          ...(options.severity ? { severity: options.severity } : {}),
          ...(options.assignee ? { assignee: options.assignee } : {}),
          ...(options.org ? { orgId: options.org } : {}),
        };
        const items = await readList(io, options, filters, (params) => client.cases.list(params));
        printView<CaseSummary>(io, outputFormat(io, options.output), {
          json: items,
          rows: items,
          columns: [
            { header: 'number', value: (kase) => kase.number },
            { header: 'state', value: (kase) => kase.state },
            { header: 'severity', value: (kase) => kase.severity },
            { header: 'category', value: (kase) => kase.category },
            { header: 'platform', value: (kase) => kase.platform },
            { header: 'reports', value: (kase) => kase.reportCount },
            { header: 'resolve by', value: (kase) => kase.resolveBy },
            { header: 'id', value: (kase) => kase.id },
          ],
        });
      }),
    {
      examples: [
        {
          comment: 'open critical cases',
          command: 'safenet cases list --state open --severity critical',
        },
        { comment: 'nobody’s yet', command: 'safenet cases list --state new --assignee none' },
      ],
    },
  );
}
