import type { PlanAssignmentState, PlanCounts, PlanGrid } from '@safenet/sdk';
import { type Command, Option } from 'commander';
import { documented } from '../help.js';
import type { Io } from '../io.js';
import { type OutputFormat, outputFormat, outputOption } from '../output/format.js';
import { type Column, printView } from '../output/render.js';
import { connect, everyOf } from './shared.js';

const PLAN_STATES = everyOf<PlanAssignmentState>()(['planned', 'in_progress', 'done', 'overdue']);

interface PlanStatusFlags {
  by: 'item' | 'org';
  org?: string;
  status?: PlanAssignmentState;
  lineage: boolean;
  output?: OutputFormat;
}

/** A row of the summary: an item or an organisation, with its counts. */
interface SummaryRow {
  label: string;
  name: string;
  counts: PlanCounts;
}

/** `plans status`: where a campaign's activity plan stands. */
export function registerPlanCommands(program: Command, io: Io): void {
  const plans = program
    .command('plans')
    .description('Campaigns’ activity plans: items × responsible organisations.');
  documented(
    plans
      .command('status')
      .description(
        'The plan grid’s summary: per item (or per responsible organisation) how many pairs are planned, in progress, done and overdue, with the totals.',
      )
      .argument('<campaignId>', 'the campaign’s id')
      .addOption(
        new Option('--by <axis>', 'one row per plan item, or per organisation')
          .choices(['item', 'org'])
          .default('item'),
      )
      .option('--org <orgId>', 'only responsible organisations of this subtree')
      .addOption(
        new Option('--status <status>', 'only pairs shown with this status').choices(PLAN_STATES),
      )
      .option(
        '--no-lineage',
        'the campaign’s own items only, not those of campaigns implementing it',
      )
      .addOption(outputOption())
      .action(async (campaignId: string, options: PlanStatusFlags, command: Command) => {
        const client = await connect(command, io);
        const params = {
          ...(options.org ? { orgId: options.org } : {}),
          ...(options.status ? { status: options.status } : {}),
          lineage: options.lineage,
        };
        const first = await client.campaigns.grid(campaignId, params);
        const organisations = [...first.organisations];
        // Item counts cover the whole subtree already; organisations come a page at a time.
        for (let cursor = first.nextCursor; options.by === 'org' && cursor !== null; ) {
          const page = await client.campaigns.grid(campaignId, { ...params, cursor });
          organisations.push(...page.organisations);
          cursor = page.nextCursor;
        }
        const grid: PlanGrid = { ...first, organisations, nextCursor: null };
        const rows: SummaryRow[] =
          options.by === 'item'
            ? grid.items.map((item) => ({
                label: item.number,
                name: item.key,
                counts: item.counts,
              }))
            : grid.organisations.map((org) => ({
                label: org.kind,
                name: org.name,
                counts: org.counts,
              }));
        rows.push({ label: 'total', name: '', counts: grid.totals });
        const columns: Column<SummaryRow>[] = [
          { header: options.by === 'item' ? 'item' : 'kind', value: (row) => row.label },
          { header: options.by === 'item' ? 'key' : 'organisation', value: (row) => row.name },
          ...PLAN_STATES.map(
            (state): Column<SummaryRow> => ({ header: state, value: (row) => row.counts[state] }),
          ),
        ];
        const json =
          options.by === 'item' ? { campaignId, items: grid.items, totals: grid.totals } : grid;
        printView(io, outputFormat(io, options.output), { json, rows, columns });
      }),
    {
      examples: [
        {
          comment: 'the plan of a campaign, item by item',
          command: 'safenet plans status "$CAMPAIGN"',
        },
        {
          comment: 'which regions are behind',
          command: 'safenet plans status "$CAMPAIGN" --by org --status overdue',
        },
      ],
      exits: { 3: 'no campaign with this id in your key’s subtree' },
    },
  );
}
