import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as core from './index.js';

/**
 * Every public zod schema, by export name, as the JSON Schema the hub's OpenAPI document
 * is generated from (input side: what clients may send).
 */
const schemas = Object.entries(core as Record<string, unknown>).flatMap(([name, value]) =>
  value instanceof z.ZodType
    ? [{ name, json: z.toJSONSchema(value, { io: 'input', unrepresentable: 'any' }) }]
    : [],
);

/** Request schemas: what the API parses from clients. */
const REQUEST_SCHEMAS = [
  'AddressesInput',
  'AgeBand',
  'ApiKeyInput',
  'BroadcastContentInput',
  'BroadcastInput',
  'CampaignInput',
  'CampaignListQuery',
  'CampaignPatch',
  'Consent',
  'ContactBulkInput',
  'ContactInput',
  'ContactPatch',
  'DeliveryListQuery',
  'OrganisationInput',
  'OrganisationListQuery',
  'OrganisationPatch',
  'PageQuery',
  'PlanAssignmentPatch',
  'PlanGridQuery',
  'PlanInput',
  'ProgrammeLoadInput',
  'ProgrammeLoadQuery',
  'RecommendationInput',
  'RecommendationPatch',
  'SegmentInput',
  'SegmentQueryInput',
  'WebhookEndpointInput',
  'WebhookEndpointPatch',
  'WebhookMessageListQuery',
];

/** Property names that would hold a child's identity; `childAgeBands` is the one allowed. */
const FORBIDDEN = /birth|^dob$|first_?name|last_?name|surname|patronymic|^child(?!AgeBands$)/i;

type JsonNode = Record<string, unknown>;

/** Calls `visit` on every object node of a JSON Schema document. */
function walk(node: unknown, visit: (node: JsonNode) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
  } else if (node !== null && typeof node === 'object') {
    visit(node as JsonNode);
    for (const value of Object.values(node)) walk(value, visit);
  }
}

function propertyNames(json: unknown): string[] {
  const names: string[] = [];
  walk(json, (node) => {
    const properties = node.properties;
    if (properties && typeof properties === 'object') names.push(...Object.keys(properties));
  });
  return names;
}

describe('the public schemas', () => {
  it('are found (the checks below would pass vacuously otherwise)', () => {
    const names = schemas.map((s) => s.name);
    for (const name of [...REQUEST_SCHEMAS, 'Contact', 'Recommendation', 'StreamEvent']) {
      expect(names, name).toContain(name);
    }
    expect(propertyNames(schemas.find((s) => s.name === 'ContactInput')?.json)).toContain(
      'childAgeBands',
    );
  });

  it('refuse unknown fields at every level of every request schema', () => {
    for (const name of REQUEST_SCHEMAS) {
      const { json } = schemas.find((s) => s.name === name) ?? {};
      let objects = 0;
      walk(json, (node) => {
        if (node.type === 'object' && node.properties) {
          objects++;
          expect(node.additionalProperties, `${name}: ${Object.keys(node.properties)}`).toBe(false);
        }
      });
      expect(objects, name).toBeGreaterThan(0);
    }
  });

  it('have no field for a child’s name or birth date (privacy rule)', () => {
    for (const { name, json } of schemas) {
      for (const property of propertyNames(json)) {
        expect(FORBIDDEN.test(property), `${name}.${property}`).toBe(false);
      }
    }
  });

  it('would catch such a field (the check itself works)', () => {
    const leaky = z.toJSONSchema(
      z.object({ childAgeBands: z.array(z.object({ childName: z.string() })) }),
    );
    expect(propertyNames(leaky).filter((p) => FORBIDDEN.test(p))).toEqual(['childName']);
  });
});
