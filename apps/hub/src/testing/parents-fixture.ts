import { expect } from 'vitest';
import type { TestHub } from './test-hub.js';

/** An association of its own with `count` consenting parents and a segment of them all. */
export interface ParentsFixture {
  orgId: string;
  segmentId: string;
}

/**
 * Creates, through the API, an association under the demo ministry with `count` parents
 * (`+7701` + `phonePrefix` + index) who consented to SMS — and to email when `email` — and a
 * segment of all of them. Each test file gives its own prefix, so numbers never collide.
 */
export async function seedParents(
  th: TestHub,
  {
    name,
    count,
    phonePrefix,
    email = false,
  }: {
    name: string;
    count: number;
    phonePrefix: string;
    email?: boolean;
  },
): Promise<ParentsFixture> {
  const post = async (url: string, payload: object) => {
    const res = await th.hub.app.inject({ method: 'POST', url, headers: th.auth, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<{ id: string }>();
  };
  const orgId = (
    await post('/v1/organisations', { parentId: th.seed.ministryId, kind: 'association', name })
  ).id;
  const consent = {
    status: 'granted',
    source: 'parent meeting form',
    at: '2017-04-03T10:00:00+06:00',
  };
  await post('/v1/contacts/bulk', {
    contacts: Array.from({ length: count }, (_, i) => ({
      orgId,
      externalRef: `parent-${i}`,
      role: 'parent',
      language: 'en',
      addresses: {
        phone: `+7701${phonePrefix}${String(i).padStart(11 - 4 - phonePrefix.length, '0')}`,
        ...(email ? { email: `parent-${i}@example.org` } : {}),
      },
      consents: { sms: consent, ...(email ? { email: consent } : {}) },
    })),
  });
  const segmentId = (
    await post('/v1/segments', { orgId, name: 'Parents', query: { roles: ['parent'] } })
  ).id;
  return { orgId, segmentId };
}
