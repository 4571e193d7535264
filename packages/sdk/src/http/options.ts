import type { PageQuery } from '@safenet/core';

/** Options every SDK method takes as its last argument. */
export interface RequestOptions {
  /** Aborts the request, including any retry waiting to happen; the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of a method that writes (`POST`, `PATCH`, `DELETE`). */
export interface PostOptions extends RequestOptions {
  /**
   * Sent as `Idempotency-Key`. When omitted the SDK generates one per call, so its own
   * retries never create a record twice, nor answer `not_found` to a delete that succeeded. Pass your own to make retries across process
   * restarts safe too (e.g. a key stored next to the job that sends the broadcast).
   */
  idempotencyKey?: string;
}

/** `limit` (1–500, default 50) and the `cursor` from the previous page. */
export type PageParams = Partial<PageQuery>;

/** What `iterate` methods return: every item of a list, fetched page by page on demand. */
export type ItemIterator<T> = AsyncGenerator<T, void, undefined>;
