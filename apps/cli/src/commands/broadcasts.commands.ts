import type { Broadcast, BroadcastPreview, SafenetClient } from '@safenet/sdk';
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import { documented } from '../help.js';
import { type Io, note } from '../io.js';
import { type OutputFormat, outputFormat, outputOption } from '../output/format.js';
import { type Cell, fieldView, printView, type View } from '../output/render.js';
import { type BroadcastFlags, broadcastInput, broadcastOptions } from './broadcast-input.js';
import { followBroadcast, progressView } from './follow-broadcast.js';
import { connect, type PageFlags, pageOptions, readList } from './shared.js';

const ID = '5c3e9a70-1b2d-4e8f-9a6b-7c8d9e0f1a2b';

/** `broadcasts list|preview|send|status|cancel`. */
export function registerBroadcastCommands(program: Command, io: Io): void {
  const broadcasts = program
    .command('broadcasts')
    .description('Content sent to a segment over channels in order of preference.');

  documented(
    pageOptions(broadcasts.command('list').description('List broadcasts, newest first.'))
      .addOption(outputOption())
      .action(async (options: PageFlags & { output?: OutputFormat }, command: Command) => {
        const client = await connect(command, io);
        const items = await readList(io, options, {}, (params) => client.broadcasts.list(params));
        printView(io, outputFormat(io, options.output), broadcastsView(items));
      }),
    {
      examples: [
        { comment: 'the latest broadcasts', command: 'safenet broadcasts list' },
        {
          comment: 'ids of those still sending, with jq',
          command:
            'safenet broadcasts list --all -o json | jq -r \'.[] | select(.status == "sending") | .id\'',
        },
      ],
    },
  );

  documented(
    broadcastOptions(
      broadcasts
        .command('preview')
        .description(
          'What sending would do, sending and saving nothing: recipients per channel, the unreachable and why, SMS segments, the cost.',
        ),
    )
      .addOption(outputOption())
      .action(async (options: BroadcastFlags & { output?: OutputFormat }, command: Command) => {
        const client = await connect(command, io);
        const preview = await client.broadcasts.preview(await broadcastInput(options));
        printView(io, outputFormat(io, options.output), previewView(preview));
      }),
    {
      examples: [
        {
          comment: 'a memo to a segment over WhatsApp, then SMS',
          command: `safenet broadcasts preview --org "$ORG" --segment "$SEGMENT" --channel whatsapp,sms --recommendation "$MEMO" --var hotline=111`,
        },
        {
          comment: 'a broadcast written as JSON',
          command: 'safenet broadcasts preview --file broadcast.json',
        },
      ],
      exits: { 3: 'the organisation, segment or recommendation is not in your key’s subtree' },
    },
  );

  documented(
    broadcastOptions(
      broadcasts
        .command('send')
        .description(
          'Create a broadcast and follow it to the end with a live progress bar (on stderr). Ctrl-C stops following and leaves it sending; `--detach` does not follow at all.',
        ),
    )
      .option('--detach', 'create it and return at once')
      .option(
        '--idempotency-key <key>',
        'send this again safely: the hub answers the first broadcast, not a second',
      )
      .addOption(outputOption())
      .action(
        async (
          options: BroadcastFlags & {
            detach?: boolean;
            idempotencyKey?: string;
            output?: OutputFormat;
          },
          command: Command,
        ) => {
          const client = await connect(command, io);
          const input = await broadcastInput(options);
          const broadcast = await client.broadcasts.create(
            input,
            options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {},
          );
          note(io, `Broadcast ${broadcast.id} created (${broadcast.status}).`);
          const format = outputFormat(io, options.output);
          if (options.detach) {
            printView(io, format, broadcastView(broadcast));
            note(io, followHint(broadcast.id));
            return;
          }
          if (broadcast.status === 'awaiting_approval') {
            note(
              io,
              'It waits for a second person’s approval; following until it is approved and sent (Ctrl-C detaches).',
            );
          }
          await follow(io, client, broadcast.id, format);
        },
      ),
    {
      examples: [
        {
          comment: 'send a memo and watch it to the end',
          command: `safenet broadcasts send --org "$ORG" --segment "$SEGMENT" --channel whatsapp,sms,email --recommendation "$MEMO" --var hotline=111`,
        },
        {
          comment: 'your own text in two languages, from a script that must not wait',
          command: `safenet broadcasts send --org "$ORG" --segment "$SEGMENT" --channel email --body "ru=Собрание родителей в пятницу" --body "kk=Жұма күні ата-аналар жиналысы" --detach -o json`,
        },
      ],
      exits: {
        3: 'the organisation, segment or recommendation is not in your key’s subtree',
        4: 'the hub refused it (a key without the send scope, an empty segment) or a second person rejected it',
      },
    },
  );

  documented(
    broadcasts
      .command('status')
      .description(
        'A broadcast’s status and delivery counts; `--follow` draws its progress until it ends.',
      )
      .argument('<broadcastId>', 'the broadcast’s id')
      .option('--follow', 'follow it to the end, as `send` does')
      .addOption(outputOption())
      .action(
        async (
          broadcastId: string,
          options: { follow?: boolean; output?: OutputFormat },
          command: Command,
        ) => {
          const client = await connect(command, io);
          const format = outputFormat(io, options.output);
          if (options.follow) return follow(io, client, broadcastId, format);
          printView(io, format, progressView(await client.broadcasts.progress(broadcastId)));
        },
      ),
    {
      examples: [
        { comment: 'where a broadcast stands', command: `safenet broadcasts status ${ID}` },
        {
          comment: 'follow it again after Ctrl-C',
          command: `safenet broadcasts status ${ID} --follow`,
        },
      ],
      exits: { 3: 'no broadcast with this id in your key’s subtree' },
    },
  );

  documented(
    broadcasts
      .command('cancel')
      .description('Cancel a broadcast: its queued deliveries become cancelled.')
      .argument('<broadcastId>', 'the broadcast’s id')
      .addOption(outputOption())
      .action(async (broadcastId: string, options: { output?: OutputFormat }, command: Command) => {
        const client = await connect(command, io);
        const broadcast = await client.broadcasts.cancel(broadcastId);
        printView(io, outputFormat(io, options.output), broadcastView(broadcast));
      }),
    {
      examples: [{ comment: 'stop a broadcast', command: `safenet broadcasts cancel ${ID}` }],
      exits: {
        3: 'no broadcast with this id in your key’s subtree',
        4: 'it has finished (`broadcast_not_cancellable`), or the key lacks the send scope',
      },
    },
  );
}

/**
 * Follows to the end and prints the final counts; a broadcast rejected by its approver exits
 * 4, one cancelled (by someone else) exits 1, and Ctrl-C exits 0 with how to follow again.
 */
async function follow(
  io: Io,
  client: SafenetClient,
  broadcastId: string,
  format: OutputFormat,
): Promise<void> {
  const result = await followBroadcast(io, client, broadcastId);
  if (result.outcome === 'detached') {
    note(io, `Detached: broadcast ${broadcastId} goes on; nothing was cancelled.`);
    note(io, followHint(broadcastId));
    return;
  }
  printView(io, format, progressView(result.progress));
  if (result.progress.status === 'rejected') {
    throw new CliError(
      'broadcast_rejected',
      `broadcast ${broadcastId} was rejected by its approver`,
      EXIT_CODES.refused.code,
    );
  }
  if (result.progress.status === 'cancelled') {
    throw new CliError(
      'broadcast_cancelled',
      `broadcast ${broadcastId} was cancelled`,
      EXIT_CODES.failure.code,
    );
  }
}

function followHint(broadcastId: string): string {
  return `Follow it with: safenet broadcasts status ${broadcastId} --follow`;
}

function broadcastsView(items: Broadcast[]): View<Broadcast> {
  return {
    json: items,
    rows: items,
    columns: [
      { header: 'id', value: (broadcast) => broadcast.id },
      { header: 'status', value: (broadcast) => broadcast.status },
      { header: 'channels', value: (broadcast) => broadcast.channels.join(' ') },
      { header: 'segment', value: (broadcast) => broadcast.segmentId },
      { header: 'send at', value: (broadcast) => broadcast.sendAt },
    ],
  };
}

function broadcastView(broadcast: Broadcast): View<[string, Cell]> {
  return fieldView(broadcast, [
    ['id', broadcast.id],
    ['status', broadcast.status],
    ['organisation', broadcast.orgId],
    ['segment', broadcast.segmentId],
    ['channels', broadcast.channels.join(' ')],
    ['send at', broadcast.sendAt],
    ['urgent', broadcast.urgent],
  ]);
}

function previewView(preview: BroadcastPreview): View<[string, Cell]> {
  return fieldView(preview, [
    ['recipients', preview.recipients],
    ...Object.entries(preview.byChannel).map(([channel, count]): [string, Cell] => [
      `on ${channel}`,
      count,
    ]),
    ['unreachable', preview.unreachable],
    ...Object.entries(preview.unreachableReasons).map(([reason, count]): [string, Cell] => [
      `  ${reason}`,
      count,
    ]),
    [
      'languages',
      preview.languages.map((entry) => `${entry.language} ${entry.recipients}`).join(', '),
    ],
    ['sms segments', preview.sms.estimatedSegments],
    ...(preview.zalo ? zaloRows(preview.zalo) : []),
    ['cost', preview.cost ? costText(preview.cost) : 'no price table'],
  ]);
}

/**
 * A broadcast to Zalo: who gets a ZNS template, who a free OA message, and who Zalo would
 * refuse — with the text languages that lack a template.
 */
function zaloRows(zalo: NonNullable<BroadcastPreview['zalo']>): [string, Cell][] {
  const missing = zalo.missingTemplates.length > 0 ? ` (${zalo.missingTemplates.join(', ')})` : '';
  return [
    ['zalo template', zalo.template],
    ['zalo message', zalo.message],
    ['zalo no template', `${zalo.noTemplate}${missing}`],
    ['zalo not vietnamese', zalo.notVietnamese],
  ];
}

function costText(cost: NonNullable<BroadcastPreview['cost']>): string {
  const unpriced =
    cost.unpriced.length > 0 ? ` (${cost.unpriced.length} destinations unpriced)` : '';
  return `${cost.total} ${cost.currency}${unpriced}`;
}
