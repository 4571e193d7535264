/**
 * Units accepted over the trailing second (messages, or segments), for enforcing a provider's
 * per-second limit the way its queue does: a request fits when the units accepted in the last
 * 1,000 ms plus its own stay within the limit. Used by the local Twilio, Cloud API and Zalo
 * servers.
 */
export class RateWindow {
  readonly #limit: number;
  readonly #at: number[] = [];
  readonly #units: number[] = [];
  #head = 0;
  #sum = 0;

  constructor(limitPerSecond: number) {
    if (!(limitPerSecond > 0))
      throw new Error(`RateWindow: limit must be > 0, got ${limitPerSecond}`);
    this.#limit = limitPerSecond;
  }

  /**
   * 0 when `units` fit at `now` (ms, `performance.now()`), otherwise the ms until enough
   * accepted units leave the window. A request larger than the whole limit fits an empty
   * window, as a long SMS still goes out on an idle account.
   */
  wait(now: number, units: number): number {
    this.#expire(now);
    if (this.#sum === 0 || this.#sum + units <= this.#limit) return 0;
    let left = this.#sum;
    for (let i = this.#head; i < this.#at.length; i += 1) {
      left -= this.#units[i] ?? 0;
      if (left === 0 || left + units <= this.#limit) {
        return Math.max(1, (this.#at[i] ?? now) + 1000 - now);
      }
    }
    return 1000;
  }

  /** Records `units` accepted at `now`. */
  record(now: number, units: number): void {
    this.#expire(now);
    this.#at.push(now);
    this.#units.push(units);
    this.#sum += units;
  }

  #expire(now: number): void {
    while (this.#head < this.#at.length && (this.#at[this.#head] ?? now) <= now - 1000) {
      this.#sum -= this.#units[this.#head] ?? 0;
      this.#head += 1;
    }
    // Drop the expired prefix now and then, so a long run does not keep every timestamp.
    if (this.#head > 4096 && this.#head * 2 > this.#at.length) {
      this.#at.splice(0, this.#head);
      this.#units.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
