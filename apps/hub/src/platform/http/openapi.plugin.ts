import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { completeOperation } from './openapi-operation.js';
import { problemComponent } from './openapi-problems.js';

/** One tag per resource; every operation has exactly one of these. */
export const OPENAPI_TAGS = [
  {
    name: 'organisations',
    description: 'The tenant tree: ministry, provinces, districts, schools',
  },
  { name: 'api-keys', description: 'Keys of an organisation, with their scopes' },
  { name: 'session', description: 'Signing in and out, invitations accepted, password resets' },
  { name: 'users', description: 'People who sign in: their organisation and role' },
  { name: 'invitations', description: 'Invitations of people to an organisation, by email' },
  { name: 'contacts', description: 'The adults messages go to: addresses, language, consents' },
  { name: 'segments', description: 'Saved queries over contacts, with dry-run counts' },
  {
    name: 'recommendations',
    description:
      'The library of guidance written per language: versions, review and approval, sent by broadcasts',
  },
  {
    name: 'approvals',
    description: 'Four-eyes approval of content and large sends, and its append-only log',
  },
  {
    name: 'campaigns',
    description:
      'Campaign programmes: window, phases, organisers, lifecycle; broadcasts belong to one',
  },
  { name: 'plans', description: 'Campaigns’ activity plans, their statuses and grid' },
  {
    name: 'reports',
    description: 'Results report forms, who must report, submissions, roll-ups and exports',
  },
  { name: 'broadcasts', description: 'Sending content to a segment; progress and deliveries' },
  {
    name: 'telegram',
    description: 'Telegram groups and channels organisations connect to the bot, and posts to them',
  },
  {
    name: 'hotlines',
    description: 'The directory of help lines broadcasts signpost in their footers',
  },
  {
    name: 'costs',
    description: 'Price tables per organisation; broadcasts’ estimated and provider-reported costs',
  },
  { name: 'outbox', description: 'Messages captured instead of sent (no provider configured)' },
  { name: 'channels', description: 'The channel adapters and the WhatsApp Web pairing session' },
  { name: 'stream', description: 'Live events over a websocket' },
  {
    name: 'alerts',
    description: 'What needs a person’s attention: stored, acknowledged and resolved',
  },
  {
    name: 'cases',
    description:
      'Harmful-content reports (API, public form, Telegram bot), the cases they gather into, triage',
  },
  {
    name: 'webhook-endpoints',
    description: 'Outbound webhooks: endpoints that receive events, their messages and tries',
  },
  { name: 'webhooks', description: 'Providers’ delivery receipts and replies (signed, no key)' },
  { name: 'unsubscribe', description: 'The signed no-login links of email footers (RFC 8058)' },
  { name: 'health', description: 'Whether the hub is up' },
] as const;

/** A tag name of {@link OPENAPI_TAGS}. */
export type OpenApiTag = (typeof OPENAPI_TAGS)[number]['name'];

/**
 * OpenAPI 3.1 generated from the routes' zod schemas, at /openapi.json, with a UI at /docs.
 * Each operation is completed by {@link completeOperation}: error responses and headers
 * follow from the plugins that answer them. Must be registered before the routes it describes.
 */
export const openapiPlugin = fp(
  async (app: FastifyInstance, options: { publicUrl: string; version: string }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Safenet hub API',
          version: options.version,
          description:
            'Multi-channel notification hub for child online-safety programmes. Errors are application/problem+json with a stable `code`.',
          license: {
            name: 'Apache-2.0',
            url: 'https://www.apache.org/licenses/LICENSE-2.0',
          },
        },
        servers: [
          {
            url: options.publicUrl,
            description: 'This hub: SAFENET_PUBLIC_URL, else http://HOST:PORT',
          },
        ],
        tags: OPENAPI_TAGS.map((tag) => ({ ...tag })),
        components: {
          securitySchemes: {
            apiKey: { type: 'http', scheme: 'bearer', description: 'sn_… API key' },
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: 'safenet_session',
              description:
                'The session cookie set by signing in (POST /v1/session). Every POST, PATCH and DELETE made with it carries the session’s csrfToken as X-CSRF-Token.',
            },
          },
          schemas: { Problem: problemComponent() },
        },
        security: [{ apiKey: [] }, { session: [] }],
      },
      transform: (input) => {
        const result = jsonSchemaTransform(input);
        if (!result.schema || result.schema.hide) return result;
        return {
          url: result.url,
          schema: completeOperation(result.schema as Record<string, unknown>, input.route),
        };
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'safenet-openapi' },
);
