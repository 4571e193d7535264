import type { Segment } from '@safenet/sdk';
import type { Command } from 'commander';
import { documented } from '../help.js';
import type { Io } from '../io.js';
import { type OutputFormat, outputFormat, outputOption } from '../output/format.js';
import { printView } from '../output/render.js';
import { connect, type PageFlags, pageOptions, readList } from './shared.js';

/** `segments list` and `segments count`: the saved audiences and their sizes. */
export function registerSegmentCommands(program: Command, io: Io): void {
  const segments = program
    .command('segments')
    .description(
      'Saved audiences: queries over contacts’ role, organisation, language and channels.',
    );

  documented(
    pageOptions(segments.command('list').description('List the segments of your key’s subtree.'))
      .addOption(outputOption())
      .action(async (options: PageFlags & { output?: OutputFormat }, command: Command) => {
        const client = await connect(command, io);
        const items = await readList(io, options, {}, (params) => client.segments.list(params));
        printView<Segment>(io, outputFormat(io, options.output), {
          json: items,
          rows: items,
          columns: [
            { header: 'id', value: (segment) => segment.id },
            { header: 'name', value: (segment) => segment.name },
            { header: 'organisation', value: (segment) => segment.orgId },
            { header: 'created', value: (segment) => segment.createdAt },
          ],
        });
      }),
    {
      examples: [
        { comment: 'the first page, as a table', command: 'safenet segments list' },
        {
          comment: 'every segment as CSV',
          command: 'safenet segments list --all -o csv > segments.csv',
        },
      ],
    },
  );

  documented(
    segments
      .command('count')
      .description('How many contacts a segment matches now, in total and per reachable channel.')
      .argument('<segmentId>', 'the segment’s id')
      .addOption(outputOption())
      .action(async (segmentId: string, options: { output?: OutputFormat }, command: Command) => {
        const client = await connect(command, io);
        const count = await client.segments.count(segmentId);
        const rows: [string, number][] = [
          ['total', count.total],
          ...Object.entries(count.reachable).map(([channel, reachable]): [string, number] => [
            channel,
            reachable ?? 0,
          ]),
        ];
        printView(io, outputFormat(io, options.output), {
          json: count,
          rows,
          columns: [
            { header: 'audience', value: ([name]) => name },
            { header: 'contacts', value: ([, total]) => total },
          ],
        });
      }),
    {
      examples: [
        {
          comment: 'the size of a segment, per channel',
          command: 'safenet segments count 0b7d3c1e-5d7a-4b7e-9c1a-2f4d6e8a0b1c',
        },
        {
          comment: 'just the total, with jq',
          command: 'safenet segments count "$SEGMENT" -o json | jq .total',
        },
      ],
      exits: { 3: 'no segment with this id in your key’s subtree' },
    },
  );
}
