import type { Contact } from '@safenet/core';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

interface Schema {
  pattern?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
}

let th: TestHub;
let app: FastifyInstance;
let school: string;
/** The contact body's and the contact's schemas, as the served document has them. */
let input: Schema;
let output: Schema;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  app = th.hub.app;
  school = th.seed.schoolIds[0];
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  input = doc.paths['/v1/contacts'].post.requestBody.content['application/json'].schema;
  output = doc.paths['/v1/contacts'].post.responses['201'].content['application/json'].schema;
});
afterAll(() => th?.close());

const create = (payload: object) =>
  app.inject({ method: 'POST', url: '/v1/contacts', headers: th.auth, payload });

/** Real numbers of the programmes' countries, and the ways people write them. */
const VALID = ['+77012345678', '+84912345678', '+74951234567', '+447911123456'];
const SEPARATORS = ['', ' ', '-', '.', '(', ')', ' (', ') '];
const written = fc
  .tuple(fc.constantFrom(...VALID), fc.array(fc.constantFrom(...SEPARATORS), { maxLength: 15 }))
  .map(([number, seps]) =>
    [...number].map((ch, i) => (i > 1 ? (seps[i % (seps.length || 1)] ?? '') : '') + ch).join(''),
  );
/** Anything phone-like, mostly wrong: letters, stray signs, too many digits, no `+`. */
const noise = fc
  .array(fc.constantFrom(...'+0123456789 ()-.x/'.split('')), { minLength: 1, maxLength: 22 })
  .map((chars) => chars.join(''));

describe('the documented contact contract is the one the hub enforces', () => {
  it('phone: what the hub takes matches the documented pattern and comes back E.164', async () => {
    const documented = new RegExp(input.properties?.addresses?.properties?.phone?.pattern ?? '');
    const stored = new RegExp(output.properties?.addresses?.properties?.phone?.pattern ?? '');
    expect(documented.source).not.toBe('(?:)');
    expect(stored.source).not.toBe('(?:)');
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(written, noise), async (phone) => {
        const res = await create({
          orgId: school,
          role: 'parent',
          language: 'ru',
          addresses: { phone },
        });
        if (res.statusCode === 201) {
          accepted += 1;
          // Never refuse in the document what the hub takes (fuzzers send the rest as invalid).
          expect(phone).toMatch(documented);
          expect(res.json<Contact>().addresses.phone).toMatch(stored);
        } else {
          expectProblem(res, 400, 'invalid_phone_number');
        }
        if (!documented.test(phone)) expect(res.statusCode).toBe(400);
      }),
      { numRuns: 150, seed: 20261204 },
    );
    expect(accepted).toBeGreaterThan(20);
  });

  it('language: every documented code is taken, and stored as documented', async () => {
    const codes = input.properties?.language?.enum ?? [];
    expect(codes.length).toBeGreaterThan(0);
    for (const language of codes) {
      const res = await create({ orgId: school, role: 'teacher', language });
      expect(res.statusCode, res.body).toBe(201);
      expect(output.properties?.language?.enum).toContain(res.json<Contact>().language);
    }
    expectProblem(
      await create({ orgId: school, role: 'teacher', language: 'de' }),
      400,
      'unsupported_language',
    );
  });
});
