import { describe, expect, it } from 'vitest';
import { SafenetClient } from '../client.js';
import { startHttpStub } from '../testing/http-stub.js';

const ORG = '0190a5a0-0000-7000-8000-000000000001';

/** Three pages of contacts: c1 c2 | c3 c4 | c5, linked by cursors. */
const PAGES: Record<string, { items: { id: string }[]; nextCursor: string | null }> = {
  first: { items: [{ id: 'c1' }, { id: 'c2' }], nextCursor: 'cursor-2' },
  'cursor-2': { items: [{ id: 'c3' }, { id: 'c4' }], nextCursor: 'cursor-3' },
  'cursor-3': { items: [{ id: 'c5' }], nextCursor: null },
};

describe('iterate', () => {
  it('follows nextCursor across three pages, keeping the filters', async () => {
    await using hub = await startHttpStub((request) => ({
      status: 200,
      body: PAGES[request.query.cursor ?? 'first'],
    }));
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'sn_test' });
    const ids: string[] = [];
    for await (const contact of client.contacts.iterate({ orgId: ORG, limit: 2 })) {
      ids.push(contact.id);
    }
    expect(ids).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(hub.requests.map((request) => request.query)).toEqual([
      { orgId: ORG, limit: '2' },
      { orgId: ORG, limit: '2', cursor: 'cursor-2' },
      { orgId: ORG, limit: '2', cursor: 'cursor-3' },
    ]);
  });

  it('fetches no further page once the loop is left', async () => {
    await using hub = await startHttpStub((request) => ({
      status: 200,
      body: PAGES[request.query.cursor ?? 'first'],
    }));
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'sn_test' });
    for await (const delivery of client.broadcasts.iterateDeliveries(ORG, { status: 'failed' })) {
      if (delivery.id === 'c2') break;
    }
    expect(hub.requests).toHaveLength(1);
    expect(hub.requests[0]).toMatchObject({
      path: `/v1/broadcasts/${ORG}/deliveries`,
      query: { status: 'failed' },
    });
  });
});
