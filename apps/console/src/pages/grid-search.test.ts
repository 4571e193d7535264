import { describe, expect, it } from 'vitest';
import { gridSearch } from './grid-search.js';

describe('the grid page’s URL search', () => {
  it('keeps a subtree and a known status, drops the rest', () => {
    expect(gridSearch({ orgId: 'o1', status: 'overdue', cursor: 'x' })).toEqual({
      orgId: 'o1',
      status: 'overdue',
    });
    expect(gridSearch({ orgId: '', status: 'late' })).toEqual({});
    expect(gridSearch({ status: 42 })).toEqual({});
  });
});
