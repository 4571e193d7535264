import {
  PROGRAMME_TEXT_MAX,
  ProgrammeLoadInput,
  ProgrammeLoadQuery,
  ProgrammeLoadResult,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { CampaignsDeps } from './campaigns.service.js';
import type { ProgrammeParts } from './programme.parts.js';
import { loadProgramme } from './programme.service.js';

/** The media types a YAML file is sent with, as it is. */
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/**
 * `POST /v1/campaigns/programme`: loading a programme file. The body is the YAML file itself
 * (`Content-Type: application/yaml`), or `{ format, text }` as JSON — a JSON file travels as
 * text too, so its problems are reported at its own lines and columns.
 */
export const programmeRoutes: FastifyPluginAsyncZod<{
  deps: CampaignsDeps;
  parts: ProgrammeParts;
}> = async (app, { deps, parts }) => {
  // Encapsulated: only this plugin's route reads YAML bodies, as text.
  app.addContentTypeParser(
    YAML_TYPES,
    { parseAs: 'string', bodyLimit: PROGRAMME_TEXT_MAX * 4 },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/campaigns/programme',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'loadProgramme',
        summary: 'Load a programme file',
        description:
          'Loads a whole campaign from a programme file (format: docs/reference/campaign-file.md): the YAML file as the body with `Content-Type: application/yaml`, or `{ format, text }` as JSON. Validated entirely before anything is written; every problem is reported at once (400 `programme_invalid`, each with its path, line and column), all or nothing. The owner’s campaign with the same `key` is updated, not duplicated: the answer says `created` (201), `updated` or `unchanged`. `?dryRun=true` checks and answers what a load would do, writing nothing.',
        tags: ['campaigns'],
        consumes: ['application/json', ...YAML_TYPES],
        errorCodes: ['programme_invalid', 'programme_section_unsupported', 'conflict', 'not_found'],
        querystring: ProgrammeLoadQuery,
        body: z.union([
          z.string().min(1).max(PROGRAMME_TEXT_MAX).describe('The YAML file, as written'),
          ProgrammeLoadInput,
        ]),
        response: { 200: ProgrammeLoadResult, 201: ProgrammeLoadResult },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const input =
        typeof body === 'string' ? { format: 'yaml' as const, text: body } : { ...body };
      const result = await loadProgramme(deps, parts, requireAuth(request), {
        ...input,
        dryRun: request.query.dryRun,
      });
      return reply.status(result.outcome === 'created' && !result.dryRun ? 201 : 200).send(result);
    },
  );
};
