import type { ContactImport, SafenetClient } from '@safenet/sdk';
import cliProgress from 'cli-progress';
import { type Io, note } from '../io.js';

/** How following an import ended: it stopped moving, or the user pressed Ctrl-C. */
export type ImportFollowOutcome =
  | { outcome: 'settled'; record: ContactImport }
  | { outcome: 'detached'; record: ContactImport | undefined };

/**
 * Follows an import until it stops moving (validated, completed, rejected or failed),
 * drawing its progress on stderr from `contactImports.wait`'s polls. Ctrl-C stops following
 * and leaves the import running in the hub.
 */
export async function followImport(
  io: Io,
  client: SafenetClient,
  importId: string,
): Promise<ImportFollowOutcome> {
  const display = importDisplay(io);
  const abort = new AbortController();
  const stopInterrupt = io.onInterrupt(() => abort.abort());
  let last: ContactImport | undefined;
  try {
    const record = await client.contactImports.wait(importId, {
      signal: abort.signal,
      intervalMs: 250,
      onProgress: (current) => {
        last = current;
        display.update(current);
      },
    });
    return { outcome: 'settled', record };
  } catch (error) {
    if (abort.signal.aborted) return { outcome: 'detached', record: last };
    throw error;
  } finally {
    stopInterrupt();
    display.stop();
  }
}

/**
 * The step an import is on and how far it is: rows read while validating, rows written
 * while importing. Each step counts from zero (the hub's `processed`).
 */
export function stepOf(record: ContactImport): { step: string; done: number; total: number } {
  if (record.status === 'importing') {
    return { step: 'writing', done: record.processed, total: record.counts.valid };
  }
  if (record.status === 'validating') {
    return { step: 'validating', done: record.processed, total: record.counts.rows };
  }
  return { step: record.status, done: record.counts.rows, total: record.counts.rows };
}

interface ImportDisplay {
  update(record: ContactImport): void;
  stop(): void;
}

/**
 * A live bar on a terminal (cli-progress, as `broadcasts send` draws); elsewhere one line
 * per change, which a CI log keeps readably where a redrawn bar would not.
 */
function importDisplay(io: Io): ImportDisplay {
  if (!io.stderr.isTTY) {
    let previous = '';
    return {
      update(record) {
        const { step, done, total } = stepOf(record);
        const line = `import ${record.id}: ${step} ${done}/${total} rows`;
        if (line !== previous) note(io, line);
        previous = line;
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: '{bar} {value}/{total} rows | {step}',
      hideCursor: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(record) {
      const { step, done, total } = stepOf(record);
      if (!started) {
        bar.start(total, done, { step });
        started = true;
        return;
      }
      bar.setTotal(total);
      bar.update(done, { step });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
