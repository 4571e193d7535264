import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ProgrammeFile, type ProgrammeProblem, parseProgrammeFile } from './programme.schema.js';

/** A small valid programme, shaped after the 2017 campaign; tests break one thing at a time. */
function base(): Record<string, unknown> {
  return {
    version: 1,
    key: 'safe-internet-2017',
    owner: { path: [] },
    title: { ru: 'Безопасный интернет', en: 'Safe Internet' },
    startsOn: '2017-04-01',
    endsOn: '2017-04-30',
    timeZone: 'Asia/Almaty',
    phases: [
      {
        key: 'preparatory',
        title: { en: 'Preparatory' },
        startsOn: '2017-04-01',
        endsOn: '2017-04-09',
      },
      { key: 'main', title: { en: 'Main' }, startsOn: '2017-04-10', endsOn: '2017-04-21' },
    ],
    plan: [
      {
        key: 'results',
        title: { ru: 'Итоги' },
        items: [
          {
            key: '25',
            number: '25.',
            title: { ru: 'Итоговая информация' },
            completionForm: 'info-to-minister',
            deadline: { kind: 'date', by: '2017-04-30' },
            responsible: [{ org: { path: [] } }],
          },
          {
            key: '1',
            number: '1.',
            title: { ru: 'Стенды' },
            completionForm: 'info-to-ministry',
            deadline: { kind: 'ongoing' },
            responsible: [{ allOf: 'province', under: { path: [] } }],
          },
        ],
      },
    ],
    announcements: [
      {
        key: 'opening',
        content: { text: { ru: 'Открытие' } },
        channels: ['whatsapp'],
        schedule: {
          zone: 'recipient',
          when: {
            kind: 'relative',
            anchor: { to: 'phase.start', phase: 'main' },
            days: 0,
            time: '09:00',
          },
        },
      },
    ],
    reminders: [
      { key: 'r', items: ['25'], daysBefore: [3, 0], time: '10:00', channels: ['email'] },
    ],
  };
}

function problems(file: unknown): ProgrammeProblem[] {
  const result = parseProgrammeFile(JSON.stringify(file), 'json');
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems;
}
const codes = (file: unknown) => problems(file).map((p) => [p.path, p.code]);

describe('parseProgrammeFile', () => {
  it('reads the same programme from YAML and from JSON', () => {
    const yaml = parseProgrammeFile(stringify(base()), 'yaml');
    const json = parseProgrammeFile(JSON.stringify(base()), 'json');
    expect(yaml.ok).toBe(true);
    expect(json).toEqual(yaml);
    expect(yaml.ok && yaml.file.plan?.[0]?.items.map((i) => i.key)).toEqual(['25', '1']);
  });

  it('refuses inverted campaign dates and phases outside the window, each with its path', () => {
    const file = base();
    file.startsOn = '2017-04-30';
    file.endsOn = '2017-04-01';
    expect(codes(file)).toEqual([['endsOn', 'dates_inverted']]);

    const narrow = { ...base(), startsOn: '2017-04-05', endsOn: '2017-04-20' };
    expect(codes(narrow)).toEqual([
      ['phases[0].startsOn', 'outside_window'],
      ['phases[1].endsOn', 'outside_window'],
      ['plan[0].items[0].deadline.by', 'outside_window'],
    ]);
  });

  it('refuses overlapping and out-of-order phases', () => {
    const overlap = base();
    (overlap.phases as { startsOn: string }[])[1]!.startsOn = '2017-04-09';
    expect(codes(overlap)).toEqual([['phases[1].startsOn', 'phases_overlap']]);

    const reversed = base();
    (reversed.phases as unknown[]).reverse();
    expect(codes(reversed)).toEqual([['phases[1].startsOn', 'phases_out_of_order']]);

    const inverted = base();
    (inverted.phases as { endsOn: string }[])[0]!.endsOn = '2017-03-30';
    expect(codes(inverted)).toEqual([
      ['phases[0].endsOn', 'outside_window'],
      ['phases[0].endsOn', 'dates_inverted'],
    ]);
  });

  it('refuses a deadline window that closes before it opens or lies outside the campaign', () => {
    const file = base();
    const item = (file.plan as { items: Record<string, unknown>[] }[])[0]!.items[0]!;
    item.deadline = { kind: 'window', from: '2017-04-21', to: '2017-04-10' };
    expect(codes(file)).toEqual([['plan[0].items[0].deadline.to', 'dates_inverted']]);
    item.deadline = { kind: 'window', from: '2017-03-20', to: '2017-05-02' };
    expect(codes(file)).toEqual([
      ['plan[0].items[0].deadline.from', 'outside_window'],
      ['plan[0].items[0].deadline.to', 'outside_window'],
    ]);
  });

  it('refuses an RRULE that does not parse or never fires inside the window', () => {
    const file = base();
    const item = (file.plan as { items: Record<string, unknown>[] }[])[0]!.items[1]!;
    item.deadline = { kind: 'recurring', rrule: 'FREQ=MONTHLY;BYMONTHDAY=25' };
    expect(parseProgrammeFile(JSON.stringify(file), 'json').ok).toBe(true);

    item.deadline = { kind: 'recurring', rrule: 'FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=31' };
    const never = problems(file);
    expect(never.map((p) => [p.path, p.code])).toEqual([
      ['plan[0].items[1].deadline.rrule', 'never_fires'],
    ]);
    expect(never[0]?.message).toContain('2017-04-01 – 2017-04-30');

    for (const rrule of [
      'FREQ=FORTNIGHTLY',
      'BYDAY=MO',
      'DTSTART:20170401T000000Z\nRRULE:FREQ=DAILY',
    ]) {
      item.deadline = { kind: 'recurring', rrule };
      expect(codes(file), rrule).toEqual([['plan[0].items[1].deadline.rrule', 'invalid_rrule']]);
    }
  });

  it('refuses an unknown time zone and an offset in place of a zone', () => {
    expect(codes({ ...base(), timeZone: 'Asia/Atlantis' })).toEqual([
      ['timeZone', 'unknown_time_zone'],
    ]);
    expect(codes({ ...base(), timeZone: '+06:00' })).toEqual([['timeZone', 'time_zone_offset']]);
    expect(codes({ ...base(), timeZone: 'UTC+6' })).toEqual([['timeZone', 'time_zone_offset']]);
  });

  it('refuses a plan item key used twice anywhere in the plan, naming the first', () => {
    const file = base();
    const plan = file.plan as { key: string; items: Record<string, unknown>[] }[];
    plan.push({ ...structuredClone(plan[0]!), key: 'again' });
    const found = problems(file);
    expect(found.map((p) => [p.path, p.code])).toEqual([
      ['plan[1].items[0].key', 'duplicate_key'],
      ['plan[1].items[1].key', 'duplicate_key'],
    ]);
    expect(found[0]?.message).toContain('plan[0].items[0].key');
  });

  it('refuses anchors and references to phases and items that do not exist', () => {
    const file = base();
    const when = (file.announcements as { schedule: { when: Record<string, unknown> } }[])[0]!
      .schedule.when;
    when.anchor = { to: 'phase.end', phase: 'closing' };
    (file.reminders as { items: string[] }[])[0]!.items = ['25', '26'];
    (file.plan as { items: Record<string, unknown>[] }[])[0]!.items[0]!.phase = 'results';
    expect(codes(file)).toEqual([
      ['plan[0].items[0].phase', 'unknown_phase'],
      ['announcements[0].schedule.when.anchor.phase', 'unknown_phase'],
      ['reminders[0].items[1]', 'unknown_item'],
    ]);

    when.anchor = { to: 'item.deadline', item: '1' };
    (file.reminders as { items: string[] }[])[0]!.items = ['25'];
    delete (file.plan as { items: Record<string, unknown>[] }[])[0]!.items[0]!.phase;
    expect(codes(file)).toEqual([['announcements[0].schedule.when.anchor.item', 'no_due_date']]);
  });

  it('reports a missing field and a misspelt one in words that say what to do', () => {
    const file = base();
    delete file.title;
    file.titel = { ru: 'Безопасный интернет' };
    const found = problems(file);
    expect(found.map((p) => [p.path, p.code])).toEqual([
      ['title', 'invalid_type'],
      ['titel', 'unrecognized_keys'],
    ]);
    expect(found[0]?.message).toBe('"title" is missing: add it (record)');
    expect(found[1]?.message).toBe('unknown field "titel": remove it or check its spelling');
  });

  it('gives the line and column of each problem in YAML', () => {
    const text = [
      'version: 1',
      'key: demo',
      'owner: { path: [] }',
      'title: { ru: Тест }',
      'startsOn: 2017-04-01',
      'endsOn: 2017-04-30',
      'timeZone: Asia/Almaty',
      'phases:',
      '  - key: main',
      '    title: { en: Main }',
      '    startsOn: 2017-04-10',
      '    endsOn: 2017-05-21',
      '    colour: red',
    ].join('\n');
    const result = parseProgrammeFile(text, 'yaml');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      expect.objectContaining({
        path: 'phases[0].endsOn',
        code: 'outside_window',
        line: 12,
        column: 5,
      }),
      expect.objectContaining({
        path: 'phases[0].colour',
        code: 'unrecognized_keys',
        line: 13,
        column: 5,
      }),
    ]);
  });

  it('reports YAML and JSON syntax errors with their position, and a key given twice', () => {
    const yaml = parseProgrammeFile('version: 1\nkey: [demo\n', 'yaml');
    expect(!yaml.ok && yaml.problems.map((p) => [p.code, p.line])).toEqual([['yaml_syntax', 3]]);
    const twice = parseProgrammeFile('version: 1\nkey: a\nkey: b\n', 'yaml');
    expect(!twice.ok && twice.problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ['yaml_syntax', 3, 1],
    ]);
    const json = parseProgrammeFile('{"version": 1,\n "key" 1}', 'json');
    expect(!json.ok && json.problems.map((p) => [p.code, p.line])).toEqual([['json_syntax', 2]]);
    const empty = parseProgrammeFile('', 'yaml');
    expect(!empty.ok && empty.problems.map((p) => [p.path, p.code])).toEqual([
      ['', 'invalid_type'],
    ]);
  });

  it('reports all 25 problems of a file with 25 mistakes, not the first', () => {
    // Each line marked with a number holds one mistake.
    const text = `
version: 2                                   # 1
key: Safe Internet                           # 2
owner: { name: Ministry }                    # 3
title: { ru: Безопасный интернет, de: Sicher } # 4
startsOn: 2017-04-01
endsOn: 2017-04-30
goal: Безопасность                           # 5
timeZone: Asia/Astana-City                   # 6
colour: blue                                 # 7
phases:
  - { key: prep, title: { en: P }, startsOn: 2017-03-25, endsOn: 2017-04-09 }  # 8 (before the window)
  - { key: main, title: { en: M }, startsOn: 2017-04-09, endsOn: 2017-04-21 }  # 9 (overlaps prep)
  - { key: main, title: { en: R }, startsOn: 2017-04-22, endsOn: 2017-04-20 }  # 10, 11 (key twice, inverted)
plan:
  - key: s1
    title: { ru: Раздел }
    items:
      - key: "1"
        number: "1."
        title: { ru: Стенды }
        completionForm: info-to-ministry
        deadline: { kind: window, from: 2017-04-21, to: 2017-04-10 }  # 12
        responsible: []                                                 # 13
      - key: "1"                                                        # 14
        number: "2."
        title: { ru: СМИ }
        completionForm: info-to-ministry
        deadline: { kind: date, by: 2017-05-30 }                        # 15
        responsible: [{ allOf: classroom, under: { path: [] } }]        # 16
        phase: closing                                                  # 17
      - key: "3"
        number: "3."
        title: { ru: Опросы }
        completionForm: info-to-ministry
        deadline: { kind: recurring, rrule: "FREQ=YEARLY;BYMONTH=9" }  # 18
        responsible: [{ org: { path: [] } }]
      - key: "4"
        number: "4."
        title: { ru: Итоги }
        completionForm: ""                                              # 19
        deadline: { kind: soon }                                        # 20
        responsible: [{ org: { path: [] } }]
announcements:
  - key: opening
    content: { text: { ru: Открытие } }
    channels: [whatsapp, pigeon]                                        # 21
    schedule:
      zone: campaign
      when: { kind: relative, anchor: { to: item.deadline, item: "9" }, days: -3, time: "25:00" }  # 22, 23
reminders:
  - { key: r, items: ["3", "99"], daysBefore: [3, 3], time: "10:00", channels: [email] }  # 24, 25
`;
    const result = parseProgrammeFile(text, 'yaml');
    expect(result.ok).toBe(false);
    const found = result.ok ? [] : result.problems;
    expect(found.map((p) => `${p.line} ${p.path} ${p.code}`)).toEqual([
      '2 version invalid_value',
      '3 key invalid_format',
      '4 owner invalid_union',
      '5 title.de unrecognized_keys',
      '8 goal invalid_type',
      '9 timeZone unknown_time_zone',
      '10 colour unrecognized_keys',
      '12 phases[0].startsOn outside_window',
      '13 phases[1].startsOn phases_overlap',
      '14 phases[2].key duplicate_key',
      '14 phases[2].endsOn dates_inverted',
      '23 plan[0].items[0].deadline.to dates_inverted',
      '24 plan[0].items[0].responsible too_small',
      '25 plan[0].items[1].key duplicate_key',
      '29 plan[0].items[1].deadline.by outside_window',
      '30 plan[0].items[1].responsible[0].allOf invalid_value',
      '31 plan[0].items[1].phase unknown_phase',
      '36 plan[0].items[2].deadline.rrule never_fires',
      '41 plan[0].items[3].completionForm too_small',
      '42 plan[0].items[3].deadline.kind invalid_union',
      '47 announcements[0].channels[1] invalid_value',
      '50 announcements[0].schedule.when.anchor.item unknown_item',
      '50 announcements[0].schedule.when.time invalid_format',
      '52 reminders[0].items[1] unknown_item',
      '52 reminders[0].daysBefore duplicate_day',
    ]);
    expect(found).toHaveLength(25);
    for (const problem of found) expect(problem.message.length, problem.path).toBeGreaterThan(10);
    expect(found[2]?.message).toBe(
      '"owner" fits none of its forms: write { id } or { code } or { path }',
    );
  });
});

describe('ProgrammeFile', () => {
  it('carries the cross-field rules itself, with the stable code in params', () => {
    const parsed = ProgrammeFile.safeParse({ ...base(), endsOn: '2017-03-01' });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues.find((i) => i.path.join('.') === 'endsOn');
    expect(issue && 'params' in issue && issue.params).toEqual({ code: 'dates_inverted' });
  });
});
