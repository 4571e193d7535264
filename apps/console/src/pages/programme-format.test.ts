import { describe, expect, it } from 'vitest';
import { formatOf } from './programme-format.js';

describe('a programme file’s format', () => {
  it('follows the file’s name, else the text', () => {
    expect(formatOf('safe-internet-2017.ru.yaml', '{')).toBe('yaml');
    expect(formatOf('plan.YML', '')).toBe('yaml');
    expect(formatOf('programme.json', 'version: 1')).toBe('json');
    expect(formatOf(null, '  {"version": 1}')).toBe('json');
    expect(formatOf('notes.txt', 'version: 1')).toBe('yaml');
  });
});
