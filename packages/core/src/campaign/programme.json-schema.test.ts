import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { programmeFileJsonSchema } from './programme.json-schema.js';

const COMMITTED = new URL('../../../../docs/reference/campaign-file.schema.json', import.meta.url);

describe('docs/reference/campaign-file.schema.json', () => {
  it('is what the zod schema generates today (run `npm run docs:campaign-schema` when it drifts)', () => {
    // Compared as JSON, not text: biome formats the committed file.
    expect(JSON.parse(readFileSync(COMMITTED, 'utf8'))).toEqual(programmeFileJsonSchema());
  });

  it('describes every field and refuses unknown ones', () => {
    const schema = programmeFileJsonSchema() as {
      properties: Record<string, { description?: string }>;
      additionalProperties: unknown;
      required: string[];
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual([
      'version',
      'key',
      'owner',
      'title',
      'startsOn',
      'endsOn',
      'timeZone',
    ]);
    for (const [name, property] of Object.entries(schema.properties)) {
      expect(property.description, name).toMatch(/\w{3}/);
    }
  });
});
