import type { Page } from '@safenet/core';
import type { ItemIterator } from './options.js';

/**
 * Yields every item of a list, page after page, following `nextCursor` until it is null.
 * Pages are fetched lazily: breaking out of the loop fetches no further page.
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  firstCursor?: string,
): ItemIterator<T> {
  let cursor = firstCursor;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/** An id as one path segment, so no id can reach another route. */
export function segment(id: string): string {
  return encodeURIComponent(id);
}
