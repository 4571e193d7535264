import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../contact/contact.schema.js';
import { matchesSegment } from '../segment/matcher.js';
import { narrowToTargets } from './targeting.js';

const contact = (role: Role, bands: { min: number; max: number }[]) => ({
  role,
  orgPath: ['org'],
  language: 'ru' as const,
  childAgeBands: bands,
  addresses: {},
  consents: {},
});

describe('narrowToTargets', () => {
  it('keeps only the roles both the segment and the version name', () => {
    expect(
      narrowToTargets(
        { roles: ['parent', 'teacher'] },
        { targetRoles: ['teacher'], targetAgeBands: [] },
      ),
    ).toEqual({ roles: ['teacher'] });
    expect(
      narrowToTargets({ roles: ['parent'] }, { targetRoles: ['teacher'], targetAgeBands: [] }),
    ).toEqual({ roles: [] });
    expect(narrowToTargets({}, { targetRoles: ['teacher'], targetAgeBands: [] })).toEqual({
      roles: ['teacher'],
    });
  });

  it('narrows nothing for a version without targets', () => {
    const query = { roles: ['parent' as const], languages: ['kk' as const] };
    expect(narrowToTargets(query, { targetRoles: [], targetAgeBands: [] })).toEqual(query);
  });

  it('a memo for teachers reaches no parent (the draft that went to 166 parents)', () => {
    const query = narrowToTargets({}, { targetRoles: ['teacher'], targetAgeBands: [] });
    expect(matchesSegment(contact('parent', [{ min: 6, max: 10 }]), query)).toBe(false);
    expect(matchesSegment(contact('teacher', []), query)).toBe(true);
  });

  it('narrows parents by their children’s ages and leaves other roles alone', () => {
    const query = narrowToTargets({}, { targetRoles: [], targetAgeBands: [{ min: 6, max: 10 }] });
    expect(matchesSegment(contact('parent', [{ min: 11, max: 14 }]), query)).toBe(false);
    expect(
      matchesSegment(
        contact('parent', [
          { min: 15, max: 17 },
          { min: 9, max: 9 },
        ]),
        query,
      ),
    ).toBe(true);
    expect(matchesSegment(contact('parent', []), query)).toBe(false);
    expect(matchesSegment(contact('teacher', []), query)).toBe(true);
  });

  it('never widens: whoever matches the narrowed query matched the segment', () => {
    const band = fc
      .tuple(fc.integer({ min: 0, max: 17 }), fc.integer({ min: 0, max: 17 }))
      .map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
    const role = fc.constantFrom(...ROLES);
    fc.assert(
      fc.property(
        fc.option(fc.uniqueArray(role, { minLength: 1 }), { nil: undefined }),
        fc.uniqueArray(role),
        fc.array(band, { maxLength: 3 }),
        role,
        fc.array(band, { maxLength: 3 }),
        (roles, targetRoles, targetAgeBands, who, bands) => {
          const segment = roles ? { roles } : {};
          const person = contact(who, bands);
          const narrowed = narrowToTargets(segment, { targetRoles, targetAgeBands });
          if (matchesSegment(person, narrowed)) {
            expect(matchesSegment(person, segment)).toBe(true);
            if (targetRoles.length > 0) expect(targetRoles).toContain(who);
          }
        },
      ),
    );
  });
});
