import type { Contact, Page } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../testing/test-hub.js';

let th: TestHub;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
});
afterAll(() => th?.close());

const list = (query: string) =>
  th.hub.app.inject({ method: 'GET', url: `/v1/contacts?${query}`, headers: th.auth });

describe('pagination', () => {
  it('walks every demo contact exactly once, 7 at a time', async () => {
    const ids: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page: Page<Contact> = res.json();
      ids.push(...page.items.map((c) => c.id));
      sizes.push(page.items.length);
      cursor = page.nextCursor;
    } while (cursor !== null && sizes.length <= 100);
    expect(cursor).toBeNull();
    expect(ids).toHaveLength(th.seed.contactCount);
    expect(new Set(ids).size).toBe(th.seed.contactCount);
    expect(sizes.slice(0, -1).every((size) => size === 7)).toBe(true);
    expect(sizes.at(-1)).toBe(th.seed.contactCount % 7 || 7);
  });

  it('answers nextCursor null when everything fits on one page', async () => {
    const page: Page<Contact> = (await list('limit=500')).json();
    expect(page.items).toHaveLength(th.seed.contactCount);
    expect(page.nextCursor).toBeNull();
  });

  it.each([
    ['not base64 of an id', 'not-a-cursor'],
    ['a cursor of a different shape', Buffer.from('42').toString('base64url')],
  ])('answers 400 invalid_cursor to %s', async (_, cursor) => {
    const res = await list(`cursor=${encodeURIComponent(cursor)}`);
    expectProblem(res, 400, 'invalid_cursor', /pass nextCursor from the previous page/);
  });

  it.each([
    ['0', />=1/],
    ['501', /<=500/],
    ['ten', /expected number/],
  ])('answers 400 validation_failed to limit=%s', async (limit, message) => {
    const problem = expectProblem(await list(`limit=${limit}`), 400, 'validation_failed', /limit/);
    expect(problem.errors).toEqual([
      expect.objectContaining({
        path: 'querystring.limit',
        message: expect.stringMatching(message),
      }),
    ]);
  });
});
