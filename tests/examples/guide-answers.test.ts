import { describe, expect, it } from 'vitest';
import {
  answerBlocks,
  difference,
  parseAnswer,
  placeholders,
  textDifference,
} from './guide-answers.js';

const match = (shown: string, actual: unknown) => difference(parseAnswer(shown), actual);

describe('the guide-answer matcher', () => {
  it('finds each block after its marker', () => {
    const guide = [
      'text',
      '<!-- answer: load -->',
      '```json',
      '{ "a": 1 }',
      '```',
      '<!-- answer: export -->',
      '```yaml',
      'key: x',
      '```',
    ].join('\n');
    expect(answerBlocks(guide)).toEqual([
      { step: 'load', lang: 'json', text: '{ "a": 1 }', line: 4 },
      { step: 'export', lang: 'yaml', text: 'key: x', line: 8 },
    ]);
    expect(() => answerBlocks('<!-- answer: lost -->\ntext')).toThrow(/"lost"/);
  });

  it('holds objects and arrays to exactly what is shown, unless "…" says more', () => {
    expect(match('{ "a": 1, "b": [1, 2] }', { a: 1, b: [1, 2] })).toBeUndefined();
    expect(match('{ "a": 1 }', { a: 1, b: 2 })).toMatch(/also answered b/);
    expect(match('{ "a": 1, … }', { a: 1, b: 2 })).toBeUndefined();
    expect(match('{ "a": 2, … }', { a: 1, b: 2 })).toBe(
      '$.a: the guide shows 2, the hub answered 1',
    );
    expect(match('{ "c": 1, … }', { a: 1 })).toMatch(/\$\.c: .*no such member/);
    expect(match('[1, 2]', [1, 2, 3])).toMatch(/2 elements, the hub answered 3/);
    expect(match('[3, …, 1]', [1, 2, 3])).toBeUndefined();
    expect(match('[3, 3, …]', [1, 2, 3])).toMatch(/no element 3/);
    expect(match('[{ "k": "x", … }, …]', [{ k: 'y' }, { k: 'x', v: 1 }])).toBeUndefined();
  });

  it('reads "…" inside a string as any text there, and leaves other strings exact', () => {
    expect(
      match('"Reminder: …, due 21 April"', 'Reminder: 13 items, due 21 April'),
    ).toBeUndefined();
    expect(match('"Reminder: …, due 21 April"', 'Reminder: 13 items, due 22 April')).toBeDefined();
    expect(match('"…"', 'anything')).toBeUndefined();
    expect(match('"…"', 3)).toMatch(/shows a string/);
    expect(match('{ "a": "x … y" }', { a: 'x … y' })).toBeUndefined();
    expect(match('"a"', 'a …')).toBeDefined();
  });

  it('reads a "…" line of a text block as one or more lines', () => {
    expect(textDifference('a\n…\nd', 'a\nb\nc\nd\n')).toBeUndefined();
    expect(textDifference('a\n…\nd', 'a\nb\nc\ne\n')).toBeDefined();
    expect(textDifference('a\nb', 'a\nb\nc')).toBeDefined();
    // A block with nothing elided is the whole text, no more and no less.
    expect(textDifference('a\nb', 'a\nb\n')).toBeUndefined();
    expect(textDifference('a', 'a')).toBeUndefined();
    expect(textDifference('a', 'ab')).toBeDefined();
  });

  it('names the ids it knows, and hides the others and the real clock’s instants', () => {
    const id = '01a2497a-b772-76c9-aa2c-5f07da6fd083';
    const other = '01a2497a-b731-7677-b956-76c101c2a3b0';
    const answer = {
      id,
      subject: `${id}/10/${other}`,
      createdAt: '2017-04-21T17:00:00.000Z',
      updatedAt: '2026-12-06T03:51:55.120Z',
    };
    const names = new Map([[id, '<campaign id>']]);
    expect(placeholders(answer, names, Date.parse('2020-01-01T00:00:00Z'))).toEqual({
      id: '<campaign id>',
      subject: '<campaign id>/10/<id>',
      createdAt: '2017-04-21T17:00:00.000Z',
      updatedAt: '<real time>',
    });
  });
});
