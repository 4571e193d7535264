import type { EventOf, StreamEventType } from '@safenet/sdk';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { usageError } from '../errors.js';
import { documented } from '../help.js';
import { type Io, note } from '../io.js';
import { type OutputFormat, outputFormat, outputOption } from '../output/format.js';
import { EVENT_TYPES, eventSummary } from './event-types.js';
import { Forwarder } from './forwarder.js';
import { collect, connect, wholeNumber } from './shared.js';

type AnyEvent = EventOf<StreamEventType>;

interface ListenFlags {
  type?: StreamEventType[];
  org?: string;
  forwardTo?: string;
  since?: string;
  count?: number;
  output?: OutputFormat;
}

/** `listen`: tail the hub's live stream. */
export function registerListenCommand(program: Command, io: Io): void {
  documented(
    program
      .command('listen')
      .description(
        'Tail the hub’s live stream: one line per event (a table line, a JSON line or a CSV row), until Ctrl-C. Reconnects by itself, resuming after the last event seen.',
      )
      .addOption(
        // The choices are listed for help, completion and the reference; the parser takes several.
        new Option('--type <type>', 'only events of this type (repeat, or a,b)')
          .choices(EVENT_TYPES)
          .argParser(eventTypes),
      )
      .option('--org <orgId>', 'only events of this organisation')
      .option(
        '--forward-to <url>',
        'also POST each event’s JSON to this URL (a receiver you are developing)',
      )
      .option(
        '--since <eventId>',
        'first the events after this one (kept 24 hours), then live ones',
      )
      .option('--count <n>', 'stop after this many events', wholeNumber(1, Number.MAX_SAFE_INTEGER))
      .addOption(outputOption())
      .action(async (options: ListenFlags, command: Command) => {
        if (options.forwardTo) checkForwardUrl(options.forwardTo);
        const client = await connect(command, io);
        const print = eventPrinter(io, outputFormat(io, options.output));
        const forwarder = options.forwardTo ? new Forwarder(io, options.forwardTo) : undefined;
        await new Promise<void>((resolve, reject) => {
          let seen = 0;
          let stopped = false;
          const stop = (error?: unknown) => {
            if (stopped) return;
            stopped = true;
            subscription.close();
            stopInterrupt();
            const drained = forwarder?.drained() ?? Promise.resolve();
            void drained.then(() => (error === undefined ? resolve() : reject(error)));
          };
          const subscription = client.stream.subscribe({
            ...(options.type ? { types: options.type } : {}),
            ...(options.since ? { lastEventId: options.since } : {}),
            onOpen: () => note(io, `Listening to ${connectionLabel(options)} (Ctrl-C to stop).`),
            onEvent: (event) => {
              if (stopped || (options.org && event.orgId !== options.org)) return;
              print(event);
              forwarder?.forward(event);
              seen += 1;
              if (options.count !== undefined && seen >= options.count) stop();
            },
            onError: (error) => {
              if (error.retryable) note(io, `stream: ${error.message}`);
              else stop(error);
            },
          });
          const stopInterrupt = io.onInterrupt(() => stop());
        });
      }),
    {
      examples: [
        { comment: 'everything your key may see', command: 'safenet listen' },
        {
          comment: 'alerts and broadcast progress, as JSON lines',
          command: 'safenet listen --type alert,broadcast.progress -o json',
        },
        {
          comment: 'feed a webhook receiver you are writing',
          command:
            'safenet listen --type delivery.updated --forward-to http://localhost:3000/safenet-events',
        },
      ],
      exits: { 4: 'the hub refused the stream: a bad key, or one without the read scope' },
    },
  );
}

function eventTypes(value: string, previous: StreamEventType[] | undefined): StreamEventType[] {
  const types = collect(value, previous);
  const unknown = types.filter((type) => !(EVENT_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `unknown event type ${unknown.join(', ')}; one of ${EVENT_TYPES.join(', ')}`,
    );
  }
  return types as StreamEventType[];
}

function checkForwardUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`--forward-to "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw usageError(`--forward-to must be http: or https:, not ${parsed.protocol}`);
  }
}

function connectionLabel(options: ListenFlags): string {
  const types = options.type ? options.type.join(', ') : 'every event';
  return options.org ? `${types} of ${options.org}` : types;
}

/**
 * Prints each event as it comes. A table here is one aligned line per event (a table cannot
 * wait for its last row); JSON is one object per line (JSON Lines); CSV starts with its header.
 */
function eventPrinter(io: Io, format: OutputFormat): (event: AnyEvent) => void {
  if (format === 'json') return (event) => io.stdout.write(`${JSON.stringify(event)}\n`);
  if (format === 'csv') {
    io.stdout.write(stringify([['id', 'at', 'type', 'orgId', 'data']]));
    return (event) =>
      io.stdout.write(
        stringify([[event.id, event.at, event.type, event.orgId, JSON.stringify(event.data)]]),
      );
  }
  return (event) =>
    io.stdout.write(`${event.at}  ${event.type.padEnd(23)}  ${eventSummary(event)}\n`);
}
