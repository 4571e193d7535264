import { describe, expect, it } from 'vitest';
import { filePath, readFormFile } from './report-form-file.js';

const YAML = `key: safe-internet-2017-results
title:
  ru: Итоги
fields:
  - key: assemblies
    type: count
    label: { ru: Линейки }
  - key: debates
    type: cuont
    label: { ru: Дебаты }
schedule:
  kind: once
  startsOn: 2017-04-10
`;

describe('a report form file', () => {
  it('reads YAML and places the hub’s problems on their line and column', () => {
    const file = readFormFile(YAML);
    if (!file.ok) throw new Error('the file should read');
    expect(file.value).toMatchObject({
      key: 'safe-internet-2017-results',
      fields: [{}, { type: 'cuont' }],
    });
    const placed = file.locate([
      { path: 'body.fields.1.type', code: 'invalid_union', message: 'unknown type' },
      // Missing: placed on the nearest part that is there (the schedule).
      { path: 'body.schedule.dueOn', code: 'invalid_type', message: 'required' },
      { path: 'body', code: 'custom', message: 'the whole form' },
    ]);
    expect(placed.map((p) => [p.path, p.line, p.column])).toEqual([
      ['fields.1.type', 9, 11],
      ['schedule.dueOn', 12, 3],
      ['', 1, 1],
    ]);
  });

  it('reads JSON with the same parser', () => {
    const file = readFormFile('{\n  "key": "k",\n  "fields": [\n    { "key": -1 }\n  ]\n}');
    if (!file.ok) throw new Error('the file should read');
    expect(file.locate([{ path: 'body.fields.0.key', code: 'x', message: 'm' }])[0]).toMatchObject({
      line: 4,
      column: 14,
    });
  });

  it('gives a syntax error its line and column, nothing read', () => {
    const file = readFormFile('key: k\nfields:\n  - key: a\n   type: count\n');
    expect(file.ok).toBe(false);
    if (file.ok) return;
    expect(file.problems[0]).toMatchObject({
      path: '',
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(file.problems[0]?.line).toBeGreaterThanOrEqual(3);
    expect(readFormFile('{"key": "k", "key": "again"}').ok).toBe(false);
  });

  it('turns a request path into a file path', () => {
    expect(filePath('body.fields.12.options.0.key')).toEqual(['fields', 12, 'options', 0, 'key']);
    expect(filePath('fields')).toEqual(['fields']);
    expect(filePath('body')).toEqual([]);
  });
});
