import {
  type AgeBand,
  CHANNELS,
  type Channel,
  type Consents,
  isReachable,
  LANGUAGES,
  matchesSegment,
  ROLES,
  type SegmentQuery,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { mulberry32 } from '../../seed/random.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { countSegment } from './audience.js';

type Random = () => number;
const chance = (random: Random, p: number) => random() < p;
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
/** A non-empty random subset, in random order. */
function someOf<T>(random: Random, items: readonly T[], max = items.length): T[] {
  const shuffled = [...items].sort(() => random() - 0.5);
  return shuffled.slice(0, 1 + Math.floor(random() * Math.min(max, items.length)));
}
function ageBand(random: Random): AgeBand {
  const a = Math.floor(random() * 18);
  const b = Math.floor(random() * 18);
  return { min: Math.min(a, b), max: Math.max(a, b) };
}

interface GeneratedContact {
  id: string;
  orgId: string;
  orgPath: string[];
  role: (typeof ROLES)[number];
  language: (typeof LANGUAGES)[number];
  childAgeBands: AgeBand[];
  addresses: Record<string, string>;
  consents: Consents;
}

const CONTACTS = 300;
const QUERIES = 300;

function generateContacts(random: Random, orgs: { id: string; path: string[] }[]) {
  const contacts: GeneratedContact[] = [];
  for (let i = 0; i < CONTACTS; i += 1) {
    const org = pick(random, orgs);
    const addresses: Record<string, string> = {};
    // An empty address counts as no address, in SQL as in core.
    const address = (field: string, value: string) => {
      if (chance(random, 0.6)) addresses[field] = chance(random, 0.1) ? '' : value;
    };
    address('phone', `+7701${String(1_000_000 + i).slice(-7)}`);
    address('whatsapp', `+8491${String(1_000_000 + i).slice(-7)}`);
    address('email', `parent${i}@example.kz`);
    address('telegram', `@parent_${i}`);
    const consents: Consents = {};
    for (const channel of CHANNELS) {
      const roll = random();
      if (roll < 0.45) consents[channel] = { status: 'granted', source: 'form', at: '2017-04-03' };
      else if (roll < 0.7)
        consents[channel] = { status: 'revoked', source: 'STOP', at: '2017-04-04' };
    }
    const bands = Math.floor(random() * 3);
    contacts.push({
      id: uuidv7(),
      orgId: org.id,
      orgPath: org.path,
      role: pick(random, ROLES),
      language: pick(random, LANGUAGES),
      childAgeBands: Array.from({ length: bands }, () => ageBand(random)),
      addresses,
      consents,
    });
  }
  return contacts;
}

function generateQuery(random: Random, orgIds: string[]): SegmentQuery {
  const query: SegmentQuery = {};
  if (chance(random, 0.4)) query.roles = someOf(random, ROLES, 3);
  if (chance(random, 0.4)) query.underOrgIds = someOf(random, orgIds, 2);
  if (chance(random, 0.4)) query.languages = someOf(random, LANGUAGES, 2);
  if (chance(random, 0.4)) query.ageBand = ageBand(random);
  if (chance(random, 0.5)) query.reachableOn = someOf(random, CHANNELS, 2);
  return query;
}

const backends = await testBackends();

describe.each(backends)(
  'segment SQL on $name agrees with core’s matchesSegment',
  ({ database, run }) => {
    let th: TestHub;
    let orgs: { id: string; path: string[] }[];
    let contacts: GeneratedContact[];

    beforeAll(async () => {
      if (!run) return;
      th = await startTestHub({ workers: false, database });
      const { db } = th.hub;
      const { seed } = th;
      const ids = [
        seed.ministryId,
        ...seed.provinceIds,
        seed.districtId,
        ...seed.schoolIds,
        seed.associationId,
      ];
      orgs = await db
        .selectFrom('organisations')
        .select(['id', 'path'])
        .where('id', 'in', ids)
        .execute();
      expect(orgs).toHaveLength(ids.length);
      // Only the generated contacts: the expected counts come from them alone.
      await db.deleteFrom('contacts').execute();
      contacts = generateContacts(mulberry32(830), orgs);
      const now = new Date();
      await db
        .insertInto('contacts')
        .values(
          contacts.map((c) => ({
            id: c.id,
            org_id: c.orgId,
            org_path: c.orgPath,
            external_ref: null,
            display_name: null,
            role: c.role,
            language: c.language,
            time_zone: 'Asia/Almaty',
            child_age_bands: JSON.stringify(c.childAgeBands),
            addresses: JSON.stringify(c.addresses),
            consents: JSON.stringify(c.consents),
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    });

    afterAll(async () => {
      await th?.close();
    });

    it.runIf(run)(`counts what the matcher counts, for ${QUERIES} random queries`, async () => {
      const random = mulberry32(160);
      const orgIds = orgs.map((org) => org.id);
      let nonEmpty = 0;
      for (let i = 0; i < QUERIES; i += 1) {
        const scope = pick(random, orgIds);
        const query = generateQuery(random, orgIds);
        const matching = contacts.filter(
          (c) => c.orgPath.includes(scope) && matchesSegment(c, query),
        );
        const expected = {
          total: matching.length,
          reachable: Object.fromEntries(
            CHANNELS.map((channel: Channel) => [
              channel,
              matching.filter((c) => isReachable(c, channel)).length,
            ]),
          ),
        };
        const counted = await countSegment(share(th.hub.db), scope, query);
        expect(counted, `query ${i} under ${scope}: ${JSON.stringify(query)}`).toEqual(expected);
        if (expected.total > 0) nonEmpty += 1;
      }
      // The generator must produce queries that select something, or agreement proves little.
      expect(nonEmpty).toBeGreaterThan(QUERIES / 3);
    });

    it.runIf(run)('treats age bands that only touch as overlapping', async () => {
      const scope = th.seed.ministryId;
      for (const query of [{ ageBand: { min: 17, max: 17 } }, { ageBand: { min: 0, max: 0 } }]) {
        const expected = contacts.filter((c) => matchesSegment(c, query)).length;
        expect(expected).toBeGreaterThan(0);
        expect((await countSegment(share(th.hub.db), scope, query)).total).toBe(expected);
      }
    });
  },
);
