import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../common/common.schema.js';
import { type Contact, ROLES } from '../contact/contact.schema.js';
import { LANGUAGES } from '../locale/language.schema.js';
import { matchesSegment } from './matcher.js';
import type { SegmentQuery } from './segment.schema.js';

type Matchable = Pick<
  Contact,
  'role' | 'orgPath' | 'language' | 'childAgeBands' | 'addresses' | 'consents'
>;

const MINISTRY = '018f2a00-0000-7000-8000-000000000001';
const ALMATY = '018f2a00-0000-7000-8000-000000000002';
const ASTANA = '018f2a00-0000-7000-8000-000000000003';
const ALMATY_SCHOOL = '018f2a00-0000-7000-8000-000000000004';

const granted = {
  status: 'granted',
  source: 'parent meeting form',
  at: '2017-04-10T10:00:00+06:00',
} as const;
const revoked = {
  status: 'revoked',
  source: 'STOP reply',
  at: '2017-04-12T10:00:00+06:00',
} as const;

/** A Kazakh-speaking parent in an Almaty school, reachable nowhere unless told. */
function contact(overrides: Partial<Matchable> = {}): Matchable {
  return {
    role: 'parent',
    orgPath: [MINISTRY, ALMATY, ALMATY_SCHOOL],
    language: 'kk',
    childAgeBands: [{ min: 6, max: 10 }],
    addresses: {},
    consents: {},
    ...overrides,
  };
}

describe('matchesSegment: one condition at a time', () => {
  it('matches every contact with an empty query', () => {
    expect(matchesSegment(contact(), {})).toBe(true);
    expect(
      matchesSegment(contact({ role: 'official', orgPath: [MINISTRY], childAgeBands: [] }), {}),
    ).toBe(true);
  });

  it('roles: matches when the contact has any listed role', () => {
    expect(matchesSegment(contact(), { roles: ['parent'] })).toBe(true);
    expect(matchesSegment(contact(), { roles: ['teacher', 'parent'] })).toBe(true);
    expect(matchesSegment(contact(), { roles: ['teacher', 'psychologist'] })).toBe(false);
  });

  it('underOrgIds: matches contacts of the organisation and anywhere beneath it', () => {
    expect(matchesSegment(contact(), { underOrgIds: [ALMATY_SCHOOL] })).toBe(true);
    expect(matchesSegment(contact(), { underOrgIds: [ALMATY] })).toBe(true);
    expect(matchesSegment(contact(), { underOrgIds: [MINISTRY] })).toBe(true);
    expect(matchesSegment(contact(), { underOrgIds: [ASTANA] })).toBe(false);
    expect(matchesSegment(contact(), { underOrgIds: [ASTANA, ALMATY] })).toBe(true);
  });

  it('timeZones (hub-set, one zone of an announcement): matches the contact’s own zone', () => {
    const almatyParent = { ...contact(), timeZone: 'Asia/Almaty' };
    expect(matchesSegment(almatyParent, { timeZones: ['Asia/Almaty'] })).toBe(true);
    expect(matchesSegment(almatyParent, { timeZones: ['Asia/Ho_Chi_Minh'] })).toBe(false);
    expect(matchesSegment(almatyParent, { timeZones: ['Asia/Ho_Chi_Minh', 'Asia/Almaty'] })).toBe(
      true,
    );
    // A contact whose zone is not known matches no zone condition.
    expect(matchesSegment(contact(), { timeZones: ['Asia/Almaty'] })).toBe(false);
  });

  it('underOrgIds: does not match contacts above the organisation', () => {
    const ministryOfficial = contact({ role: 'official', orgPath: [MINISTRY] });
    expect(matchesSegment(ministryOfficial, { underOrgIds: [ALMATY] })).toBe(false);
  });

  it('languages: matches any listed language', () => {
    expect(matchesSegment(contact(), { languages: ['kk'] })).toBe(true);
    expect(matchesSegment(contact(), { languages: ['ru', 'kk'] })).toBe(true);
    expect(matchesSegment(contact(), { languages: ['ru'] })).toBe(false);
    expect(matchesSegment(contact({ language: 'vi' }), { languages: ['ru', 'kk'] })).toBe(false);
  });

  describe('ageBand: matches a child in an overlapping band', () => {
    const cases: Array<[child: [number, number], query: [number, number], overlaps: boolean]> = [
      [[6, 10], [6, 10], true],
      [[6, 10], [10, 14], true], // touching at 10
      [[10, 14], [6, 10], true],
      [[6, 9], [10, 14], false], // 9 and 10 are next to each other but do not overlap
      [[15, 17], [10, 14], false],
      [[0, 17], [12, 12], true], // query inside the child band
      [[12, 12], [0, 17], true], // child band inside the query
      [[7, 7], [7, 7], true],
      [[7, 7], [8, 8], false],
    ];
    for (const [[cmin, cmax], [qmin, qmax], overlaps] of cases) {
      it(`child {${cmin},${cmax}} vs query {${qmin},${qmax}}: ${overlaps}`, () => {
        const parent = contact({ childAgeBands: [{ min: cmin, max: cmax }] });
        expect(matchesSegment(parent, { ageBand: { min: qmin, max: qmax } })).toBe(overlaps);
      });
    }

    it('matches when any one of several children overlaps', () => {
      const parent = contact({
        childAgeBands: [
          { min: 2, max: 4 },
          { min: 13, max: 15 },
        ],
      });
      expect(matchesSegment(parent, { ageBand: { min: 14, max: 17 } })).toBe(true);
      expect(matchesSegment(parent, { ageBand: { min: 6, max: 10 } })).toBe(false);
    });

    it('does not match a contact without age bands (e.g. a teacher)', () => {
      const teacher = contact({ role: 'teacher', childAgeBands: [] });
      expect(matchesSegment(teacher, { ageBand: { min: 0, max: 17 } })).toBe(false);
    });
  });

  describe('reachableOn: needs an address and granted consent on one listed channel', () => {
    const phone = '+77012345678';

    it('matches with an address and granted consent', () => {
      const parent = contact({ addresses: { whatsapp: phone }, consents: { whatsapp: granted } });
      expect(matchesSegment(parent, { reachableOn: ['whatsapp'] })).toBe(true);
    });

    it('does not match with an address but no consent', () => {
      const parent = contact({ addresses: { whatsapp: phone, phone } });
      expect(matchesSegment(parent, { reachableOn: ['whatsapp', 'sms'] })).toBe(false);
    });

    it('does not match with consent but no address', () => {
      const parent = contact({ consents: { whatsapp: granted, email: granted } });
      expect(matchesSegment(parent, { reachableOn: ['whatsapp', 'email'] })).toBe(false);
    });

    it('does not match when consent was revoked', () => {
      const parent = contact({ addresses: { phone }, consents: { sms: revoked } });
      expect(matchesSegment(parent, { reachableOn: ['sms'] })).toBe(false);
    });

    it('uses the channel’s own address: a phone number does not make WhatsApp reachable', () => {
      const parent = contact({ addresses: { phone }, consents: { whatsapp: granted } });
      expect(matchesSegment(parent, { reachableOn: ['whatsapp'] })).toBe(false);
    });

    it('uses the channel’s own consent: SMS consent does not cover WhatsApp', () => {
      const parent = contact({ addresses: { phone, whatsapp: phone }, consents: { sms: granted } });
      expect(matchesSegment(parent, { reachableOn: ['whatsapp'] })).toBe(false);
      expect(matchesSegment(parent, { reachableOn: ['sms'] })).toBe(true);
    });

    it('matches when any listed channel is reachable', () => {
      const parent = contact({
        addresses: { phone, email: 'parent@example.kz' },
        consents: { sms: revoked, email: granted },
      });
      expect(matchesSegment(parent, { reachableOn: ['sms', 'email'] })).toBe(true);
      expect(matchesSegment(parent, { reachableOn: ['sms', 'telegram'] })).toBe(false);
    });

    it('websocket (in-app) needs granted consent but no address', () => {
      expect(
        matchesSegment(contact({ consents: { websocket: granted } }), {
          reachableOn: ['websocket'],
        }),
      ).toBe(true);
      expect(matchesSegment(contact(), { reachableOn: ['websocket'] })).toBe(false);
      expect(
        matchesSegment(contact({ consents: { websocket: revoked } }), {
          reachableOn: ['websocket'],
        }),
      ).toBe(false);
    });

    it('telegram and email use their own addresses', () => {
      const both = contact({
        addresses: { telegram: '@safe_parent', email: 'parent@example.vn' },
        consents: { telegram: granted, email: granted },
      });
      expect(matchesSegment(both, { reachableOn: ['telegram'] })).toBe(true);
      expect(matchesSegment(both, { reachableOn: ['email'] })).toBe(true);
      expect(matchesSegment(both, { reachableOn: ['sms'] })).toBe(false);
    });
  });
});

describe('matchesSegment: conditions combined (AND)', () => {
  const parent = contact({
    addresses: { whatsapp: '+77012345678' },
    consents: { whatsapp: granted },
  });
  const query: SegmentQuery = {
    roles: ['parent'],
    underOrgIds: [ALMATY],
    languages: ['kk', 'ru'],
    ageBand: { min: 10, max: 14 },
    reachableOn: ['whatsapp', 'sms'],
  };

  it('matches when every condition holds', () => {
    expect(matchesSegment(parent, query)).toBe(true);
  });

  it('fails when any single condition fails', () => {
    expect(matchesSegment({ ...parent, role: 'teacher' }, query)).toBe(false);
    expect(matchesSegment({ ...parent, orgPath: [MINISTRY, ASTANA] }, query)).toBe(false);
    expect(matchesSegment({ ...parent, language: 'vi' }, query)).toBe(false);
    expect(matchesSegment({ ...parent, childAgeBands: [{ min: 6, max: 9 }] }, query)).toBe(false);
    expect(matchesSegment({ ...parent, consents: { whatsapp: revoked } }, query)).toBe(false);
  });
});

/** mulberry32: a tiny seeded PRNG, so the random cases are the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('matchesSegment: agrees with a straightforward predicate on random cases', () => {
  const random = prng(20170410);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)] as T;
  const someOf = <T>(list: readonly T[]): T[] => {
    const chosen = list.filter(() => chance(0.4));
    return chosen.length > 0 ? chosen : [pick(list)];
  };

  // A small tree: root → 3 provinces → 2 schools each.
  const root = 'org-root';
  const provinces = ['p0', 'p1', 'p2'];
  const paths: string[][] = [[root]];
  for (const p of provinces) {
    paths.push([root, p]);
    for (const s of ['s0', 's1']) paths.push([root, p, `${p}-${s}`]);
  }
  const orgIds = [...new Set(paths.flat())];

  function randomBand() {
    const a = int(0, 17);
    const b = int(0, 17);
    return { min: Math.min(a, b), max: Math.max(a, b) };
  }

  function randomContact(): Matchable {
    const addresses: Matchable['addresses'] = {};
    if (chance(0.5)) addresses.phone = '+84912345678';
    if (chance(0.5)) addresses.whatsapp = '+84912345678';
    if (chance(0.5)) addresses.email = 'parent@example.vn';
    if (chance(0.5)) addresses.telegram = '@safe_parent';
    const consents: Matchable['consents'] = {};
    for (const channel of CHANNELS) {
      const roll = random();
      if (roll < 0.4) consents[channel] = granted;
      else if (roll < 0.6) consents[channel] = revoked;
    }
    return {
      role: pick(ROLES),
      orgPath: pick(paths),
      language: pick(LANGUAGES),
      childAgeBands: Array.from({ length: int(0, 3) }, randomBand),
      addresses,
      consents,
    };
  }

  function randomQuery(): SegmentQuery {
    const query: SegmentQuery = {};
    if (chance(0.4)) query.roles = someOf(ROLES);
    if (chance(0.4)) query.underOrgIds = someOf(orgIds);
    if (chance(0.4)) query.languages = someOf(LANGUAGES);
    if (chance(0.4)) query.ageBand = randomBand();
    if (chance(0.4)) query.reachableOn = someOf(CHANNELS);
    return query;
  }

  /** Written without looking at the matcher: ages are enumerated one by one. */
  function expected(c: Matchable, q: SegmentQuery): boolean {
    const roleOk = q.roles === undefined || q.roles.includes(c.role);
    let orgOk = q.underOrgIds === undefined;
    for (const id of q.underOrgIds ?? []) {
      for (const ancestor of c.orgPath) if (ancestor === id) orgOk = true;
    }
    const languageOk = q.languages === undefined || q.languages.includes(c.language);
    let ageOk = q.ageBand === undefined;
    if (q.ageBand) {
      for (let age = q.ageBand.min; age <= q.ageBand.max; age++) {
        for (const band of c.childAgeBands) if (band.min <= age && age <= band.max) ageOk = true;
      }
    }
    const addressOf: Record<Channel, string | undefined> = {
      sms: c.addresses.phone,
      whatsapp: c.addresses.whatsapp,
      email: c.addresses.email,
      telegram: c.addresses.telegram,
      websocket: 'in-app needs no address',
      zalo: c.addresses.zalo,
    };
    let reachOk = q.reachableOn === undefined;
    for (const channel of q.reachableOn ?? []) {
      const consent = c.consents[channel];
      if (addressOf[channel] && consent && consent.status === 'granted') reachOk = true;
    }
    return roleOk && orgOk && languageOk && ageOk && reachOk;
  }

  it('on 400 contacts × 400 queries', () => {
    const contacts = Array.from({ length: 400 }, randomContact);
    const queries = Array.from({ length: 400 }, randomQuery);
    let matched = 0;
    let compared = 0;
    for (const q of queries) {
      for (const c of contacts) {
        const want = expected(c, q);
        const got = matchesSegment(c, q);
        if (got !== want) {
          expect.fail(`mismatch: ${JSON.stringify({ contact: c, query: q, want, got })}`);
        }
        if (want) matched++;
        compared++;
      }
    }
    // The generator must produce both outcomes in earnest, or the comparison proves little.
    expect(compared).toBe(160_000);
    expect(matched).toBeGreaterThan(compared * 0.05);
    expect(matched).toBeLessThan(compared * 0.95);
  });
});
