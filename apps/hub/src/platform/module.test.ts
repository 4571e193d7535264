import { describe, expect, it } from 'vitest';
import { rolesOf } from './module.js';

describe('safenet-hub [api | worker]', () => {
  it('runs both roles without an argument, one with it', () => {
    expect([...rolesOf([])].sort()).toEqual(['api', 'worker']);
    expect([...rolesOf(['api'])]).toEqual(['api']);
    expect([...rolesOf(['worker'])]).toEqual(['worker']);
  });

  it('refuses anything else, saying how to call it', () => {
    expect(() => rolesOf(['workers'])).toThrow(/usage: safenet-hub \[api \| worker\]/);
    expect(() => rolesOf(['api', 'worker'])).toThrow(/usage/);
  });
});
