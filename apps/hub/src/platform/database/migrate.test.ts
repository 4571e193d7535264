import { describe, expect, it } from 'vitest';
import { MIN_POSTGRES_VERSION, postgresTooOld } from './migrate.js';

describe('the PostgreSQL the migrations need', () => {
  it('refuses 14 with what to do, and takes 15 and later', () => {
    expect(postgresTooOld(140_019, '14.19')).toMatch(/PostgreSQL 15 or later.*14\.19.*upgrade/);
    expect(postgresTooOld(MIN_POSTGRES_VERSION - 1, '14.99')).not.toBeNull();
    expect(postgresTooOld(150_020, '15.20 (Debian 15.20-0+deb12u1)')).toBeNull();
    expect(postgresTooOld(180_001, '18.1')).toBeNull();
  });
});
