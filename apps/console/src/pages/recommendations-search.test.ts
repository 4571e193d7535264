import { RECOMMENDATION_STATUSES, RECOMMENDATION_TOPICS } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import * as domain from '../api/domain.js';
import { libraryParams, librarySearch, parseAgeBand } from './recommendations-search.js';

describe('the library search', () => {
  it('offers core’s topics and statuses, in their order', () => {
    expect(domain.RECOMMENDATION_TOPICS).toEqual(RECOMMENDATION_TOPICS);
    expect(domain.RECOMMENDATION_STATUSES).toEqual(RECOMMENDATION_STATUSES);
  });

  it('keeps the filters the page offers and drops a hand-edited rest', () => {
    expect(
      librarySearch({
        topic: 'cyberbullying',
        role: 'parent',
        age: '6-10',
        language: 'kk',
        status: 'in_review',
        q: '  Memo  ',
      }),
    ).toEqual({
      topic: 'cyberbullying',
      role: 'parent',
      age: '6-10',
      language: 'kk',
      status: 'in_review',
      q: 'Memo',
    });
    expect(
      librarySearch({ topic: 'memes', role: 'child', age: '10-6', language: 'fr', status: 'x' }),
    ).toEqual({});
    expect(librarySearch({ age: '12-18' })).toEqual({});
  });

  it('reads an age band as its bounds', () => {
    expect(parseAgeBand('0-5')).toEqual({ min: 0, max: 5 });
    expect(parseAgeBand('11-14')).toEqual({ min: 11, max: 14 });
    expect(parseAgeBand('7')).toBeNull();
    expect(parseAgeBand(7)).toBeNull();
  });

  it('asks the SDK with the band’s bounds', () => {
    expect(libraryParams({ age: '11-14', topic: 'privacy', q: 'memo' })).toEqual({
      ageMin: 11,
      ageMax: 14,
      topic: 'privacy',
      q: 'memo',
    });
    expect(libraryParams({})).toEqual({});
  });
});
