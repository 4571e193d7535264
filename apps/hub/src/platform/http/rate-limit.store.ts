/** One key's count in its current window. */
interface Window {
  count: number;
  startedAt: number;
}

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;

/** Keys kept at most; the oldest window goes first (a window outlives no minute anyway). */
const MAX_KEYS = 50_000;

/**
 * A fixed-window counter store for `@fastify/rate-limit` that reads the time from `now`, so
 * tests move the clock instead of waiting. In memory: each hub process counts its own
 * requests.
 */
export function clockedStore(now: () => number) {
  return class ClockedStore {
    readonly #windows = new Map<string, Window>();

    incr(key: string, callback: Callback, timeWindow: number): void {
      const at = now();
      let window = this.#windows.get(key);
      if (!window || window.startedAt + timeWindow <= at) {
        this.#windows.delete(key);
        window = { count: 0, startedAt: at };
        this.#windows.set(key, window);
        if (this.#windows.size > MAX_KEYS) {
          const oldest = this.#windows.keys().next().value;
          if (oldest !== undefined) this.#windows.delete(oldest);
        }
      }
      window.count += 1;
      callback(null, { current: window.count, ttl: window.startedAt + timeWindow - at });
    }

    read(key: string, callback: Callback, timeWindow: number): void {
      const at = now();
      const window = this.#windows.get(key);
      if (!window || window.startedAt + timeWindow <= at) callback(null, { current: 0, ttl: 0 });
      else callback(null, { current: window.count, ttl: window.startedAt + timeWindow - at });
    }

    /** Each limiter made with `createRateLimit` counts in a store of its own. */
    child(): ClockedStore {
      return new ClockedStore();
    }
  };
}
