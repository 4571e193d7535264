import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * OpenAPI 3.1 generated from the routes' zod schemas, at /openapi.json, with a UI at /docs.
 * Must be registered before the routes it describes.
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
        },
        servers: [{ url: options.publicUrl }],
        components: {
          securitySchemes: {
            apiKey: { type: 'http', scheme: 'bearer', description: 'sn_… API key' },
          },
        },
        security: [{ apiKey: [] }],
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'safenet-openapi' },
);
