import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Campaign, CampaignStatus } from '@safenet/sdk';
import { type Command, Option } from 'commander';
import { usageError } from '../errors.js';
import { documented } from '../help.js';
import { type Io, note } from '../io.js';
import { type OutputFormat, outputFormat, outputOption } from '../output/format.js';
import { fieldView, localized, printView } from '../output/render.js';
import { registerPlanCommands } from './plans.commands.js';
import { connect, everyOf, type PageFlags, pageOptions, readList } from './shared.js';

const CAMPAIGN_STATUSES = everyOf<CampaignStatus>()([
  'draft',
  'scheduled',
  'active',
  'completed',
  'cancelled',
  'archived',
]);

/** `campaigns list|load`, and the plans of campaigns. */
export function registerCampaignCommands(program: Command, io: Io): void {
  const campaigns = program
    .command('campaigns')
    .description(
      'Awareness campaigns: a window in a time zone, phases, organisers and an activity plan.',
    );

  documented(
    pageOptions(campaigns.command('list').description('List campaigns, filtered.'))
      .addOption(
        new Option('--status <status>', 'only campaigns in this status').choices(CAMPAIGN_STATUSES),
      )
      .option('--org <orgId>', 'only campaigns of this organisation and those beneath it')
      .option('--q <text>', 'only campaigns whose title starts with this, in any language')
      .addOption(outputOption())
      .action(
        async (
          options: PageFlags & {
            status?: CampaignStatus;
            org?: string;
            q?: string;
            output?: OutputFormat;
          },
          command: Command,
        ) => {
          const client = await connect(command, io);
          const filters = {
            ...(options.status ? { status: options.status } : {}),
            ...(options.org ? { orgId: options.org } : {}),
            ...(options.q ? { q: options.q } : {}),
          };
          const items = await readList(io, options, filters, (params) =>
            client.campaigns.list(params),
          );
          printView<Campaign>(io, outputFormat(io, options.output), {
            json: items,
            rows: items,
            columns: [
              { header: 'id', value: (campaign) => campaign.id },
              { header: 'key', value: (campaign) => campaign.key },
              { header: 'title', value: (campaign) => localized(campaign.title) },
              { header: 'status', value: (campaign) => campaign.status },
              { header: 'starts', value: (campaign) => campaign.startsOn },
              { header: 'ends', value: (campaign) => campaign.endsOn },
            ],
          });
        },
      ),
    {
      examples: [
        { comment: 'campaigns running now', command: 'safenet campaigns list --status active' },
        {
          comment: 'every “Safe Internet” campaign as CSV',
          command: 'safenet campaigns list --q "Safe Internet" --all -o csv',
        },
      ],
    },
  );

  documented(
    campaigns
      .command('load')
      .description(
        'Load a programme file (YAML or JSON, docs/reference/campaign-file.md): creates the campaign, or updates the one with the same owner and key; loading it again changes nothing.',
      )
      .argument('<file>', 'the programme file (.yaml, .yml or .json)')
      .option('--dry-run', 'check the file and say what loading it would do, writing nothing')
      .addOption(outputOption())
      .action(
        async (
          file: string,
          options: { dryRun?: boolean; output?: OutputFormat },
          command: Command,
        ) => {
          const text = await readText(file);
          const client = await connect(command, io);
          const format = extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
          const result = await client.campaigns.load(text, {
            format,
            dryRun: options.dryRun === true,
          });
          if (result.dryRun) note(io, 'Dry run: nothing was written.');
          printView(
            io,
            outputFormat(io, options.output),
            fieldView(result, [
              ['outcome', result.outcome],
              ['dry run', result.dryRun],
              ['campaign', result.campaign.id],
              ['key', result.campaign.key],
              ['title', localized(result.campaign.title)],
              ['status', result.campaign.status],
            ]),
          );
        },
      ),
    {
      examples: [
        {
          comment: 'check a programme file first',
          command: 'safenet campaigns load safe-internet-2017.yaml --dry-run',
        },
        { comment: 'then load it', command: 'safenet campaigns load safe-internet-2017.yaml' },
      ],
      exits: {
        3: 'the file names an organisation outside your key’s subtree',
        4: 'the hub refused the file (`programme_invalid`: each problem listed with its line and column) or the key lacks the write scope',
      },
    },
  );

  registerPlanCommands(program, io);
}

/** A file the user named, as text; a missing one is a usage error. */
export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw usageError(`cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
}
