/**
 * The memory of other processes as Linux reports it in /proc: a process's resident set now
 * and at its peak, a sampler that keeps the highest resident set seen, and the proportional
 * set size of a process tree (the embedded PostgreSQL's processes share their buffers, so
 * their resident sets summed would count the shared memory once per process).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';

const MB = 1024 * 1024;

/** Megabytes, for tables. */
export const mb = (bytes: number) => bytes / MB;

/** A process's resident set (`VmRSS`) and its peak since start or the last reset (`VmHWM`). */
export interface Resident {
  rss: number;
  peak: number;
}

async function statusField(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  if (kb === undefined) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(kb) * 1024;
}

/** The resident set of `pid` now and at its peak, in bytes. */
export async function residentOf(pid: number): Promise<Resident> {
  const [rss, peak] = await Promise.all([statusField(pid, 'VmRSS'), statusField(pid, 'VmHWM')]);
  return { rss, peak };
}

/**
 * Sets the peak of `pid` back to its resident set now (`clear_refs` 5), so `VmHWM` covers
 * what follows: a peak between two samples is not missed. False when the kernel refused
 * (another user's process, or a kernel without it).
 */
export async function resetPeak(pid: number): Promise<boolean> {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Reads the resident set of each pid every `intervalMs` and keeps the highest. */
export class RssSampler {
  readonly #highest = new Map<number, number>();
  readonly #timer: NodeJS.Timeout;
  #reading: Promise<void> = Promise.resolve();

  constructor(pids: readonly number[], intervalMs = 250) {
    this.#timer = setInterval(() => {
      this.#reading = this.#reading.then(() => this.#read(pids));
    }, intervalMs);
  }

  async #read(pids: readonly number[]): Promise<void> {
    await Promise.all(
      pids.map(async (pid) => {
        // A process that has just exited has no status: its highest stays what it was.
        const rss = await statusField(pid, 'VmRSS').catch(() => 0);
        this.#highest.set(pid, Math.max(rss, this.#highest.get(pid) ?? 0));
      }),
    );
  }

  /** The highest resident set seen of `pid` so far, in bytes. */
  highest(pid: number): number {
    return this.#highest.get(pid) ?? 0;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#reading;
  }
}

/** The median resident set of `pid` over `ms`, sampled every 250 ms: one idle figure. */
export async function settledRss(pid: number, ms = 5_000): Promise<number> {
  const samples: number[] = [];
  for (let waited = 0; waited < ms; waited += 250) {
    samples.push(await statusField(pid, 'VmRSS'));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}

/** Every process's parent, by pid; and each command line, to find a process by it. */
async function processTable(): Promise<{ pid: number; ppid: number; cmdline: string }[]> {
  const table: { pid: number; ppid: number; cmdline: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last ')'.
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (ppid) table.push({ pid: Number(entry), ppid, cmdline: cmdline.replaceAll('\0', ' ') });
  }
  return table;
}

/**
 * The summed `Pss` of the processes whose command line contains `marker` and of all their
 * descendants, and how many they are: the embedded PostgreSQL's postmaster is started
 * detached (its parent is init), so it is found by its data directory, not as the hub's child.
 */
export async function processTreePss(marker: string): Promise<{ pss: number; processes: number }> {
  const table = await processTable();
  const found = new Set(table.filter((p) => p.cmdline.includes(marker)).map((p) => p.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const { pid, ppid } of table) {
      if (found.has(ppid) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  let pss = 0;
  for (const pid of found) {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    pss += Number(/^Pss:\s+(\d+) kB$/m.exec(rollup)?.[1] ?? 0) * 1024;
  }
  return { pss, processes: found.size };
}
