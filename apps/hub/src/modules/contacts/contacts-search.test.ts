import type { Channel, Contact, ContactInput, Page } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

const backends = await testBackends();

const AT = '2017-04-03T10:00:00+06:00';
const LANGUAGES = ['kk', 'ru', 'vi', 'en'] as const;
const ROLES = ['parent', 'parent', 'teacher', 'official'] as const;
const NAMES = ['Айгерим Бекова', 'Nguyễn Thị Lan', 'Ерлан', 'Dana 100%_off', null] as const;

/**
 * 24 contacts whose fields vary independently (language, role, name, which addresses, which
 * consents, age bands), so every combination of filters keeps a different subset. Phones
 * are +7707 111 00 NN; contact 0 of each four is also on WhatsApp.
 */
function fixture(orgId: string): (ContactInput & { externalRef: string })[] {
  return Array.from({ length: 24 }, (_, i) => {
    const phone = `+7707111${String(i).padStart(4, '0')}`;
    const status = (['granted', 'revoked', undefined] as const)[i % 3];
    const emailStatus = (['granted', undefined] as const)[i % 2];
    const name = NAMES[i % NAMES.length];
    return {
      orgId,
      externalRef: `search-${i % 5 === 0 ? 'Alpha' : 'beta'}-${i}`,
      ...(name ? { displayName: name } : {}),
      role: ROLES[i % ROLES.length] as (typeof ROLES)[number],
      language: LANGUAGES[Math.floor(i / 2) % 4] as (typeof LANGUAGES)[number],
      childAgeBands:
        i % 4 === 0 ? [{ min: 6, max: 10 }] : i % 4 === 1 ? [{ min: 12, max: 15 }] : [],
      addresses: {
        phone,
        ...(i % 4 === 0 ? { whatsapp: phone } : {}),
        ...(i % 3 !== 2 ? { email: `Parent${i}@School.example.kz` } : {}),
      },
      consents: {
        ...(status ? { whatsapp: { status, source: 'parent meeting form', at: AT } } : {}),
        ...(emailStatus ? { email: { status: emailStatus, source: 'form', at: AT } } : {}),
      },
    };
  });
}

type Fixture = ReturnType<typeof fixture>[number];
const consentOf = (c: Fixture, channel: Channel) =>
  (c.consents as Record<string, { status: string }> | undefined)?.[channel]?.status ?? 'none';

describe.each(backends)('contact search on $name', ({ database, run }) => {
  let th: TestHub;
  let orgId: string;
  let otherOrgId: string;
  let contacts: Fixture[];
  /** Contact id by externalRef. */
  const ids = new Map<string, string>();

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    const org = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: th.auth,
      payload: { parentId: th.seed.districtId, kind: 'school', name: 'Search test school' },
    });
    expect(org.statusCode, org.body).toBe(201);
    orgId = org.json<{ id: string }>().id;
    otherOrgId = th.seed.schoolIds[1];
    contacts = fixture(orgId);
    const bulk = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/contacts/bulk',
      headers: th.auth,
      payload: { contacts },
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    for (const item of bulk.json<{ items: { externalRef: string; id: string }[] }>().items) {
      ids.set(item.externalRef, item.id);
    }
  });
  afterAll(() => th?.close());

  /** Every contact of the test school matching `query`, walking pages of `limit`. */
  async function search(query: Record<string, string>, limit = 500): Promise<string[]> {
    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ ...query, orgId, limit: String(limit) });
      if (cursor) params.set('cursor', cursor);
      const res = await th.hub.app.inject({
        method: 'GET',
        url: `/v1/contacts?${params}`,
        headers: th.auth,
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<Page<Contact>>();
      expect(page.items.length).toBeLessThanOrEqual(limit);
      found.push(...page.items.map((c) => c.externalRef as string));
      cursor = page.nextCursor;
    } while (cursor);
    return found;
  }
  const refs = (keep: (c: Fixture) => boolean) => contacts.filter(keep).map((c) => c.externalRef);

  it.runIf(run)('finds a phone number written in any common way', async () => {
    const target = contacts[13] as Fixture;
    for (const typed of [
      '+7 707 111 00 13',
      '+7 (707) 111-00-13',
      '8 707 111 00 13',
      '7.707.111.00.13',
      '77071110013',
    ]) {
      expect(await search({ q: typed }), typed).toEqual([target.externalRef]);
    }
    // The beginning of a number finds every number it begins.
    expect(await search({ q: '+7 707 111 001' })).toEqual(
      refs((c) => /^\+7707111001/.test(c.addresses?.phone ?? '')),
    );
    // WhatsApp numbers are searched as well as phones: the same contacts, once each.
    expect(await search({ q: '+77071110000' })).toEqual(['search-Alpha-0']);
  });

  it.runIf(run)('matches the start of names, references and emails, in any case', async () => {
    expect(await search({ q: 'АЙГЕ' })).toEqual(refs((c) => c.displayName === 'Айгерим Бекова'));
    expect(await search({ q: 'nguyễn' })).toEqual(refs((c) => c.displayName === 'Nguyễn Thị Lan'));
    expect(await search({ q: 'search-alpha' })).toEqual(
      refs((c) => c.externalRef.startsWith('search-Alpha')),
    );
    expect(await search({ q: 'parent1@school' })).toEqual(
      refs((c) => (c.addresses?.email ?? '').toLowerCase().startsWith('parent1@school')),
    );
    // LIKE's wildcards are taken literally.
    expect(await search({ q: 'Dana 100%_' })).toEqual(
      refs((c) => c.displayName === 'Dana 100%_off'),
    );
    expect(await search({ q: '%' })).toEqual([]);
    expect(await search({ q: 'Бекова' })).toEqual([]); // the start, not the middle
  });

  it.runIf(run)('combines filters: every one must hold', async () => {
    const cases: [Record<string, string>, (c: Fixture) => boolean][] = [
      [{ language: 'kk' }, (c) => c.language === 'kk'],
      [{ role: 'teacher' }, (c) => c.role === 'teacher'],
      [{ language: 'ru', role: 'parent' }, (c) => c.language === 'ru' && c.role === 'parent'],
      [{ channel: 'whatsapp' }, (c) => Boolean(c.addresses?.whatsapp)],
      [
        { channel: 'email', role: 'parent' },
        (c) => Boolean(c.addresses?.email) && c.role === 'parent',
      ],
      [{ consent: 'whatsapp:granted' }, (c) => consentOf(c, 'whatsapp') === 'granted'],
      [{ consent: 'whatsapp:revoked' }, (c) => consentOf(c, 'whatsapp') === 'revoked'],
      [{ consent: 'whatsapp:none' }, (c) => consentOf(c, 'whatsapp') === 'none'],
      [
        { consent: 'whatsapp:granted,email:none', language: 'vi' },
        (c) =>
          consentOf(c, 'whatsapp') === 'granted' &&
          consentOf(c, 'email') === 'none' &&
          c.language === 'vi',
      ],
      [
        { reachableOn: 'whatsapp' },
        (c) => Boolean(c.addresses?.whatsapp) && consentOf(c, 'whatsapp') === 'granted',
      ],
      [{ age: '7' }, (c) => (c.childAgeBands ?? []).some((b) => b.min <= 7 && b.max >= 7)],
      [
        { age: '13', q: 'search-beta' },
        (c) =>
          (c.childAgeBands ?? []).some((b) => b.min <= 13 && b.max >= 13) &&
          c.externalRef.startsWith('search-beta'),
      ],
      [
        { q: '+7707', language: 'en', consent: 'email:granted' },
        (c) => c.language === 'en' && consentOf(c, 'email') === 'granted',
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = refs(keep);
      expect(expected.length, JSON.stringify(query)).toBeLessThan(contacts.length);
      expect(await search(query), JSON.stringify(query)).toEqual(expected);
    }
  });

  it.runIf(run)('pages through a filtered list, each match once', async () => {
    const expected = refs((c) => c.role === 'parent');
    expect(expected.length).toBeGreaterThan(5);
    for (const limit of [1, 2, 5]) {
      expect(await search({ role: 'parent' }, limit)).toEqual(expected);
    }
    expect(await search({ q: '+7707111', consent: 'email:granted' }, 3)).toEqual(
      refs((c) => consentOf(c, 'email') === 'granted'),
    );
  });

  it.runIf(run)('searches only the subtree asked for and the caller may see', async () => {
    // The test school's numbers are not in the other school.
    const res = await th.hub.app.inject({
      method: 'GET',
      url: `/v1/contacts?orgId=${otherOrgId}&q=${encodeURIComponent('+7707111')}`,
      headers: th.auth,
    });
    expect(res.json<Page<Contact>>().items).toEqual([]);
    // A key of the other school does not reach the test school's contacts, even by search.
    const key = await createKey(th.hub.app, th.auth, otherOrgId, ['read']);
    const foreign = await th.hub.app.inject({
      method: 'GET',
      url: `/v1/contacts?orgId=${orgId}&q=search`,
      headers: key.headers,
    });
    expectProblem(foreign, 404, 'not_found');
    const own = await th.hub.app.inject({
      method: 'GET',
      url: '/v1/contacts?q=search-',
      headers: key.headers,
    });
    expect(own.json<Page<Contact>>().items).toEqual([]);
    expect(ids.size).toBe(contacts.length);
  });

  it.runIf(run)('refuses a bad filter value with validation_failed', async () => {
    for (const query of [
      'consent=whatsapp:withdrawn',
      'consent=fax:granted',
      'consent=whatsapp',
      'language=de',
      'role=child',
      'age=18',
      'channel=pigeon',
      'reachableOn=fax',
      `q=${'x'.repeat(101)}`,
      'colour=red',
    ]) {
      const res = await th.hub.app.inject({
        method: 'GET',
        url: `/v1/contacts?${query}`,
        headers: th.auth,
      });
      expectProblem(res, 400, 'validation_failed');
    }
  });
});
