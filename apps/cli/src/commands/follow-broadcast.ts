import type { BroadcastProgress, SafenetClient } from '@safenet/sdk';
import cliProgress from 'cli-progress';
import { type Io, note } from '../io.js';
import { type Cell, fieldView, type View } from '../output/render.js';

/** A broadcast in one of these statuses sends nothing more. */
const ENDED: ReadonlySet<BroadcastProgress['status']> = new Set([
  'completed',
  'cancelled',
  'rejected',
]);

/** How following a broadcast ended: it reached an end, or the user pressed Ctrl-C. */
export type FollowOutcome =
  | { outcome: 'ended'; progress: BroadcastProgress }
  | { outcome: 'detached'; progress: BroadcastProgress | undefined };

/**
 * Follows a broadcast until it ends, drawing its progress on stderr: from the stream's
 * `broadcast.progress` events, after reading its progress once each time the stream opens
 * (so nothing sent before the stream connected, or while it reconnected, is missed). Ctrl-C
 * stops following and leaves the broadcast sending.
 */
export function followBroadcast(
  io: Io,
  client: SafenetClient,
  broadcastId: string,
): Promise<FollowOutcome> {
  const display = progressDisplay(io, broadcastId);
  return new Promise<FollowOutcome>((resolve, reject) => {
    let last: BroadcastProgress | undefined;
    let done = false;
    const finish = (result: { ok: FollowOutcome } | { error: unknown }) => {
      if (done) return;
      done = true;
      subscription.close();
      stopInterrupt();
      display.stop();
      if ('ok' in result) resolve(result.ok);
      else reject(result.error);
    };
    const update = (progress: BroadcastProgress) => {
      if (done) return;
      last = progress;
      display.update(progress);
      if (ENDED.has(progress.status)) finish({ ok: { outcome: 'ended', progress } });
    };
    const subscription = client.stream.subscribe({
      types: ['broadcast.progress'],
      onOpen: () => {
        client.broadcasts.progress(broadcastId).then(update, (error) => finish({ error }));
      },
      onEvent: (event) => {
        if (event.data.broadcastId === broadcastId) update(event.data);
      },
      onError: (error) => {
        if (!error.retryable) finish({ error });
        else display.note(`stream: ${error.message}`);
      },
    });
    const stopInterrupt = io.onInterrupt(() =>
      finish({ ok: { outcome: 'detached', progress: last } }),
    );
  });
}

/** Deliveries that will not change any more, out of those planned. */
export function finishedCount(progress: BroadcastProgress): number {
  const { queued = 0, sending = 0 } = progress.counts;
  return Math.max(0, progress.total - queued - sending);
}

/** The progress as a field/value view: its status, then each count. */
export function progressView(progress: BroadcastProgress): View<[string, Cell]> {
  return fieldView(progress, [
    ['broadcast', progress.broadcastId],
    ['status', progress.status],
    ['recipients', progress.recipients],
    ['deliveries', progress.total],
    ['finished', finishedCount(progress)],
    ...Object.entries(progress.counts).map(([status, count]): [string, Cell] => [status, count]),
  ]);
}

function summary(progress: BroadcastProgress): string {
  const counts = Object.entries(progress.counts)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([status, count]) => `${status} ${count}`)
    .join(', ');
  return `${progress.status}${counts ? ` (${counts})` : ''}`;
}

interface ProgressDisplay {
  update(progress: BroadcastProgress): void;
  note(text: string): void;
  stop(): void;
}

/**
 * A live bar on a terminal; elsewhere (a CI log, a pipe) one line per change, which a log
 * keeps readably where a redrawn bar would not.
 */
function progressDisplay(io: Io, broadcastId: string): ProgressDisplay {
  if (!io.stderr.isTTY) {
    let previous = '';
    return {
      update(progress) {
        const line = `broadcast ${broadcastId}: ${finishedCount(progress)}/${progress.total} ${summary(progress)}`;
        if (line !== previous) note(io, line);
        previous = line;
      },
      note: (text) => note(io, text),
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: '{bar} {value}/{total} | {summary}',
      hideCursor: true,
      barsize: 30,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      const payload = { summary: summary(progress) };
      if (!started) {
        bar.start(progress.total, finishedCount(progress), payload);
        started = true;
        return;
      }
      bar.setTotal(progress.total);
      bar.update(finishedCount(progress), payload);
    },
    note(text) {
      io.stderr.write(`\n${text}\n`);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
