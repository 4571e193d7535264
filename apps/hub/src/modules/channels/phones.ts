import type { ChannelAdapter, PairingSession } from '@safenet/channels';
import { SafenetError } from '@safenet/core';
import { sql } from 'kysely';
import type { QueueSpec } from '../../platform/queue/boss.js';
import type { HubPlatform } from '../database.js';
import type { ChannelRegistry } from './channel-registry.js';
import { own } from './channels.tables.js';

/** Where a phone is held among the hub's processes. */
export type PhonePlace = 'here' | 'elsewhere' | 'nowhere';

/** Told when this process takes (`held`) or loses a phone. */
export type HoldListener = (adapter: ChannelAdapter, held: boolean) => Promise<void>;

/** What the delivery module asks of the phones. */
export interface PhoneHolding {
  /**
   * Where the phone `adapter` sends through is held: `here` for an adapter that holds no
   * phone (every process sends through it).
   */
  whereHeld(adapter: ChannelAdapter): Promise<PhonePlace>;
  /**
   * Calls `listener` each time this process takes or loses a phone — at once for the phones
   * it holds already.
   */
  onHold(listener: HoldListener): void;
}

/** The queue of a phone's pairing (re)starts, asked for in any process, run by its holder. */
function startQueue(adapter: ChannelAdapter): string {
  return `channels-pairing-start-${adapter.provider}`;
}

/** The key of a phone: its lease's name and its session's row. */
function keyOf(adapter: ChannelAdapter): string {
  return `${adapter.channel}:${adapter.provider}`;
}

const NOBODY =
  'No worker process holds this phone: start one (`safenet-hub worker`, or `safenet-hub` for both roles) and it takes the phone within seconds';

/**
 * The phones of a hub (adapters a person pairs, WhatsApp Web): each is held by one worker
 * process at a time through a lease, and the other processes hand it what needs the phone.
 * The holder launches the browser, runs the pairing starts asked for anywhere (a queue only
 * it works) and keeps the session in `channel_sessions`, where the other processes read it;
 * the delivery module routes the phone's sends to it ({@link PhoneHolding}). When the holder
 * dies its lease goes with its connection, and another worker takes the phone over.
 */
export class Phones implements PhoneHolding {
  readonly #platform: HubPlatform;
  readonly #db;
  readonly #adapters: readonly ChannelAdapter[];
  readonly #held = new Set<ChannelAdapter>();
  readonly #listeners: HoldListener[] = [];
  readonly #releases: (() => Promise<void>)[] = [];
  readonly #stops: (() => void)[] = [];
  /** Per phone: its takes and losses, one after the other. */
  readonly #chains = new Map<ChannelAdapter, Promise<void>>();

  constructor(platform: HubPlatform, registry: ChannelRegistry) {
    this.#platform = platform;
    this.#db = own(platform.db);
    this.#adapters = registry.adapters.filter((adapter) => adapter.pairing);
  }

  /** The queues the phones' holders work. */
  get queues(): QueueSpec[] {
    return this.#adapters.map((adapter) => ({
      name: startQueue(adapter),
      options: { retryLimit: 0, expireInSeconds: 60 },
    }));
  }

  async whereHeld(adapter: ChannelAdapter): Promise<PhonePlace> {
    if (!adapter.pairing || this.#held.has(adapter)) return 'here';
    return (await this.#platform.leaseHeld(`pairing:${keyOf(adapter)}`)) ? 'elsewhere' : 'nowhere';
  }

  onHold(listener: HoldListener): void {
    this.#listeners.push(listener);
    for (const adapter of this.#held) this.#then(adapter, () => listener(adapter, true));
  }

  /**
   * Waits for the leases of the phones (a worker process): whichever process takes one
   * launches its browser. Pairing waits for the phone; its events follow the session.
   */
  holdWhereSent(): void {
    for (const adapter of this.#adapters) {
      if (adapter.subscribe) {
        this.#stops.push(
          // In turn: the row ends with the latest state, whatever order writes would finish in.
          adapter.subscribe((event) => {
            if (event.type === 'session') this.#then(adapter, () => this.#saveSession(adapter));
          }),
        );
      }
      this.#releases.push(
        this.#platform.lease(`pairing:${keyOf(adapter)}`, {
          acquired: () => this.#then(adapter, () => this.#take(adapter)),
          lost: () => this.#then(adapter, () => this.#lose(adapter)),
        }),
      );
    }
  }

  /** The session of `adapter`'s phone, wherever it is held. */
  async session(adapter: ChannelAdapter): Promise<PairingSession> {
    const { pairing } = adapter;
    if (!pairing || this.#held.has(adapter)) {
      return pairing?.session() ?? { state: 'ready', qr: null, qrDataUrl: null };
    }
    const [place, row] = await Promise.all([
      this.whereHeld(adapter),
      this.#db
        .selectFrom('channel_sessions')
        .selectAll()
        .where('key', '=', keyOf(adapter))
        .executeTakeFirst(),
    ]);
    if (place === 'nowhere') {
      return { state: 'disconnected', qr: null, qrDataUrl: null, detail: NOBODY };
    }
    if (!row) return { state: 'starting', qr: null, qrDataUrl: null };
    return {
      state: row.state,
      qr: row.qr,
      qrDataUrl: row.qr_data_url,
      ...(row.detail ? { detail: row.detail } : {}),
    };
  }

  /** Why `adapter` cannot send now, wherever its phone is held; null when it can. */
  async pausedReason(adapter: ChannelAdapter): Promise<string | null> {
    if (!adapter.pairing || this.#held.has(adapter)) return adapter.pausedReason?.() ?? null;
    const { state, detail } = await this.session(adapter);
    if (state === 'ready') return null;
    return detail ?? `The phone's session is ${state} (held by another hub process)`;
  }

  /**
   * Starts (or reconnects) the phone's pairing where the phone is held, and answers without
   * waiting for it; 409 `channel_not_held` when no worker process holds it.
   */
  async requestStart(adapter: ChannelAdapter): Promise<void> {
    const place = await this.whereHeld(adapter);
    if (place === 'nowhere') throw new SafenetError('channel_not_held', NOBODY);
    if (place === 'here') {
      adapter.pairing
        ?.start()
        .catch((error: unknown) =>
          this.#platform.warn(error, `${adapter.provider} pairing did not start`),
        );
      return;
    }
    await this.#platform.boss.send(startQueue(adapter), {});
  }

  /** Lets the phones go: only once their browsers are closed may another worker open them. */
  async release(): Promise<void> {
    for (const stop of this.#stops.splice(0)) stop();
    await Promise.all([...this.#chains.values()]);
    await Promise.all(this.#releases.splice(0).map((release) => release()));
  }

  async #take(adapter: ChannelAdapter): Promise<void> {
    this.#held.add(adapter);
    const { pairing } = adapter;
    pairing
      ?.start()
      .catch((error: unknown) =>
        this.#platform.warn(error, `${adapter.provider} pairing did not start`),
      );
    await this.#platform.boss.work(startQueue(adapter), { pollingIntervalSeconds: 1 }, async () => {
      await pairing?.start();
    });
    for (const listener of this.#listeners) await listener(adapter, true);
  }

  async #lose(adapter: ChannelAdapter): Promise<void> {
    this.#held.delete(adapter);
    // Another worker may take the phone now: this browser must not stay on it.
    this.#platform.warn(
      new Error('lost the connection that holds the lease'),
      `${adapter.provider} closes: another worker takes the phone over`,
    );
    await adapter.close?.();
    await this.#platform.boss.offWork(startQueue(adapter), { wait: false });
    for (const listener of this.#listeners) await listener(adapter, false);
  }

  #then(adapter: ChannelAdapter, step: () => Promise<void>): void {
    const chain = (this.#chains.get(adapter) ?? Promise.resolve())
      .then(step)
      .catch((error: unknown) => this.#platform.onError(error, `${adapter.provider} phone`));
    this.#chains.set(adapter, chain);
  }

  /** Writes the holder's view of the session for the other processes (QR only while shown). */
  async #saveSession(adapter: ChannelAdapter): Promise<void> {
    if (!adapter.pairing || !this.#held.has(adapter)) return;
    const { state, qr, qrDataUrl, detail } = adapter.pairing.session();
    const row = {
      state,
      qr: state === 'qr' ? qr : null,
      qr_data_url: state === 'qr' ? qrDataUrl : null,
      detail: detail ?? null,
      updated_at: sql<Date>`now()`,
    };
    await this.#db
      .insertInto('channel_sessions')
      .values({ key: keyOf(adapter), ...row })
      .onConflict((oc) => oc.column('key').doUpdateSet(row))
      .execute();
  }
}
