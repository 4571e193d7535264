import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../locale/language.schema.js';
import { HOTLINE_PURPOSES } from './hotline.schema.js';
import { lineDepth, type SignpostLine, signpostingFor } from './signposting.js';
import { appendFooter, renderSignposting, SIGNPOSTING_LABELS } from './signposting.texts.js';

// Organisations as ids: Vietnam's ministry, Đắk Lắk and another province, a school in each;
// Kazakhstan's ministry and a region.
const vn = 'vn';
const dakLak = 'dak-lak';
const haNoi = 'ha-noi';
const kz = 'kz';
const almaty = 'almaty';

const national: SignpostLine = {
  id: 'a-111',
  orgId: vn,
  number: '111',
  purposes: ['child_protection'],
  languages: ['vi'],
  hours: '24/7',
  serves: [vn],
};
const provincial: SignpostLine = {
  id: 'b-dak-lak',
  orgId: dakLak,
  number: '02623.951.567',
  purposes: ['child_protection'],
  languages: ['vi'],
  hours: null,
  serves: [dakLak],
};
const kzPsych: SignpostLine = {
  id: 'c-kz',
  orgId: kz,
  number: '1234',
  purposes: ['psychological_help', 'anonymous_consultation'],
  languages: ['ru', 'kk'],
  hours: null,
  serves: [kz],
};
const lines = [national, provincial, kzPsych];

describe('signpostingFor', () => {
  it('gives a province’s recipients their own line before the national one', () => {
    expect(signpostingFor(lines, [vn, dakLak, 'school-1'], 'vi')).toEqual([
      { purpose: 'child_protection', line: provincial },
    ]);
    expect(signpostingFor(lines, [vn, haNoi, 'school-2'], 'vi')).toEqual([
      { purpose: 'child_protection', line: national },
    ]);
  });

  it('lists a line chosen for two purposes once, and nothing for a recipient nobody serves', () => {
    expect(signpostingFor(lines, [kz, almaty], 'kk')).toEqual([
      { purpose: 'psychological_help', line: kzPsych },
    ]);
    expect(signpostingFor(lines, ['elsewhere'], 'en')).toEqual([]);
    expect(signpostingFor(lines, [vn, dakLak], 'vi', ['psychological_help'])).toEqual([]);
  });

  it('prefers a line in the recipient’s language over a nearer one', () => {
    const nearInRussian = {
      ...kzPsych,
      id: 'd-near',
      serves: [almaty],
      languages: ['ru' as const],
    };
    expect(signpostingFor([kzPsych, nearInRussian], [kz, almaty], 'kk')[0]?.line).toBe(kzPsych);
    expect(signpostingFor([kzPsych, nearInRussian], [kz, almaty], 'ru')[0]?.line).toBe(
      nearInRussian,
    );
  });

  it('prefers, between lines serving the same organisation, the one kept nearer', () => {
    const ministrys = { ...national, id: 'a-first', serves: [dakLak] };
    expect(signpostingFor([ministrys, provincial], [vn, dakLak], 'vi')[0]?.line).toBe(provincial);
  });

  const arbLine = fc.record({
    id: fc.uuid(),
    orgId: fc.constantFrom('r', 'p1', 'p2'),
    number: fc.constantFrom('111', '02623.951.567', '150'),
    purposes: fc.uniqueArray(fc.constantFrom(...HOTLINE_PURPOSES), { minLength: 1 }),
    languages: fc.uniqueArray(fc.constantFrom(...LANGUAGES), { minLength: 1 }),
    hours: fc.option(fc.constantFrom('24/7', '8:00–17:00'), { nil: null }),
    serves: fc.uniqueArray(fc.constantFrom('r', 'p1', 'p2', 's1', 's2'), { minLength: 1 }),
  });

  it('chooses, per purpose, no line beaten by another of the same purpose', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { maxLength: 8 }),
        fc.constantFrom(['r', 'p1', 's1'], ['r', 'p2', 's2'], ['r'], ['x']),
        fc.constantFrom(...LANGUAGES),
        (all, path, language) => {
          const chosen = signpostingFor(all, path, language);
          const ids = chosen.map((c) => c.line.id);
          expect(new Set(ids).size).toBe(ids.length);
          for (const { purpose, line } of chosen) {
            expect(line.purposes).toContain(purpose);
            expect(lineDepth(line, path)).toBeGreaterThanOrEqual(0);
            for (const other of all) {
              if (!other.purposes.includes(purpose) || lineDepth(other, path) < 0) continue;
              const speaks = line.languages.includes(language);
              // Nothing of the same purpose speaks the language when the chosen line does not,
              // and nothing equally spoken is nearer.
              if (!speaks) expect(other.languages).not.toContain(language);
              if (other.languages.includes(language) === speaks) {
                expect(lineDepth(other, path)).toBeLessThanOrEqual(lineDepth(line, path));
              }
            }
          }
          // Every purpose some serving line has is covered (by its own line or a shared one).
          for (const purpose of HOTLINE_PURPOSES) {
            const served = all.some((l) => l.purposes.includes(purpose) && lineDepth(l, path) >= 0);
            const covered = signpostingFor(all, path, language, [purpose]).length === 1;
            expect(covered).toBe(served);
          }
        },
      ),
    );
  });
});

describe('renderSignposting', () => {
  it('writes the footer in each language', () => {
    const signposts = [{ purpose: 'child_protection' as const, line: national }];
    expect(renderSignposting(signposts, 'vi')).toBe('Đường dây nóng bảo vệ trẻ em: 111 (24/7)');
    expect(renderSignposting(signposts, 'en')).toBe('Child protection hotline: 111 (24/7)');
    expect(renderSignposting(signposts, 'ru')).toBe('Телефон защиты детей: 111 (24/7)');
    expect(
      renderSignposting(
        [
          { purpose: 'child_protection', line: provincial },
          { purpose: 'anonymous_consultation', line: kzPsych },
        ],
        'kk',
      ),
    ).toBe('Балаларды қорғау телефоны: 02623.951.567\nАнонимді кеңес: 1234');
    expect(renderSignposting([], 'vi')).toBe('');
  });

  it('has NFC labels in every language, and appends after a blank line', () => {
    for (const labels of Object.values(SIGNPOSTING_LABELS)) {
      for (const text of Object.values(labels)) expect(text).toBe(text.normalize('NFC'));
    }
    expect(appendFooter('Body', 'Footer')).toBe('Body\n\nFooter');
    expect(appendFooter('Body', '')).toBe('Body');
  });
});
