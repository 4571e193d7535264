import { readdirSync, readFileSync } from 'node:fs';
import { type ProgrammeFile, parseProgrammeFile } from '@safenet/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const DIR = new URL('../../examples/campaigns/', import.meta.url);
const SCHEMA = new URL('../../docs/reference/campaign-file.schema.json', import.meta.url);
const files = readdirSync(DIR).filter((name) => name.endsWith('.yaml'));
const text = (name: string) => readFileSync(new URL(name, DIR), 'utf8');

function load(name: string): ProgrammeFile {
  const result = parseProgrammeFile(text(name), 'yaml');
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems, null, 2)}`);
  return result.file;
}
const items = (file: ProgrammeFile) => (file.plan ?? []).flatMap((section) => section.items);

describe('examples/campaigns', () => {
  it('holds the 2017 campaign and the three Vietnamese plans', () => {
    expect(files.sort()).toEqual([
      'dak-lak-160-2022-2025.vi.yaml',
      'gia-lam-2021-2025.vi.yaml',
      'nguyen-binh-khiem-2022-2023.vi.yaml',
      'safe-internet-2017.ru.yaml',
    ]);
  });

  it.each(files)('%s is a valid programme file', (name) => {
    const file = load(name);
    expect(items(file).length).toBeGreaterThan(0);
  });

  it.each(files)('%s names the JSON Schema for editors, and the schema accepts it', (name) => {
    const first = text(name).split('\n')[0] ?? '';
    const match = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
    expect(match?.[1]).toBe('../../docs/reference/campaign-file.schema.json');
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    const value = parseYaml(text(name)) as Record<string, unknown>;
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...value, titel: value.title })).toBe(false);
  });

  it('keeps the 2017 plan as the document gives it: 25 numbers, 26 rows (it numbers "12." twice)', () => {
    const file = load('safe-internet-2017.ru.yaml');
    const plan = items(file);
    const numbers = plan.map((item) => item.number);
    expect(new Set(numbers).size).toBe(25);
    expect(numbers.filter((n) => n === '12.')).toHaveLength(2);
    expect([...new Set(numbers)]).toEqual(Array.from({ length: 25 }, (_, i) => `${i + 1}.`));
    expect(plan).toHaveLength(26);
    expect(file.plan?.map((s) => s.items.length)).toEqual([12, 4, 3, 5, 2]);
    expect(file.phases?.map((p) => [p.key, p.startsOn, p.endsOn])).toContainEqual([
      'main',
      '2017-04-10',
      '2017-04-21',
    ]);
    expect(file.phases).toHaveLength(3);
    expect(file.timeZone).toBe('Asia/Almaty');
    const byKey = new Map(plan.map((item) => [item.key, item]));
    expect(byKey.get('15')?.responsible).toEqual([
      {
        org: {
          path: ['Казахстанская ассоциация родителей по поддержке семьи и семейных ценностей'],
        },
        byAgreement: true,
      },
    ]);
    expect(byKey.get('25')).toMatchObject({
      completionForm: 'info-to-minister',
      deadline: { kind: 'date', by: '2017-04-30' },
    });
    expect(byKey.get('4')?.completionForm).toBe('media-publications');
    expect(byKey.get('1')?.deadline).toEqual({ kind: 'ongoing' });
    for (const item of plan) {
      expect(item.title.ru, item.key).toBeTruthy();
      expect(item.title.en, item.key).toBeTruthy();
    }
  });

  it('chains the Vietnamese plans: each implements its parent, owned one level down', () => {
    const province = load('dak-lak-160-2022-2025.vi.yaml');
    const district = load('gia-lam-2021-2025.vi.yaml');
    const school = load('nguyen-binh-khiem-2022-2023.vi.yaml');
    expect(province.implements).toBeUndefined();
    expect(district.implements).toEqual({ campaignKey: province.key });
    expect(school.implements).toEqual({ campaignKey: district.key });
    const path = (file: ProgrammeFile) => ('path' in file.owner ? file.owner.path : []);
    expect(path(district).slice(0, -1)).toEqual(path(province));
    expect(path(school).slice(0, -1)).toEqual(path(district));
    expect(province.document).toEqual({ number: '160/KH-UBND', date: '2022-08-16' });
    expect(province.targets?.find((t) => t.measure)?.measure).toEqual({
      percent: 100,
      of: 'school',
    });
    for (const file of [province, district, school]) {
      expect(file.timeZone).toBe('Asia/Ho_Chi_Minh');
      for (const item of items(file)) expect(item.title.vi && item.title.en, item.key).toBeTruthy();
    }
  });

  it('lists in the README every organisation name the examples refer to', () => {
    const readme = readFileSync(new URL('README.md', DIR), 'utf8');
    const names = new Set<string>();
    const visit = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'path' && Array.isArray(inner)) for (const n of inner) names.add(String(n));
          else visit(inner);
        }
      }
    };
    for (const name of files) visit(load(name));
    expect(names.size).toBeGreaterThan(3);
    for (const name of names) expect(readme, name).toContain(`\`${name}\``);
  });
});
