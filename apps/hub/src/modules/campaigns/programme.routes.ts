import {
  CampaignCopyInput,
  formatProgrammeFile,
  Id,
  PROGRAMME_TEXT_MAX,
  ProgrammeFile,
  ProgrammeLoadInput,
  ProgrammeLoadQuery,
  ProgrammeLoadResult,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { CampaignsDeps } from './campaigns.service.js';
import type { ProgrammeParts } from './programme.parts.js';
import { copyProgramme, exportProgramme, loadProgramme } from './programme.service.js';

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

  app.get(
    '/campaigns/:id/programme',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'exportProgramme',
        summary: 'A campaign as a programme file',
        description:
          'The campaign with everything the programme parts store (phases, plan, announcements, reminders) as a programme file, organisations named by id: JSON by default, the YAML file with `?format=yaml`. Loading it again changes nothing; edit and load it to change the campaign.',
        tags: ['campaigns'],
        errorCodes: ['campaign_key_missing', 'not_found'],
        params: z.strictObject({ id: Id }),
        querystring: z.strictObject({
          format: z
            .enum(['json', 'yaml'])
            .default('json')
            .describe('"yaml": the file as YAML text (`application/yaml`)'),
        }),
        response: {
          200: z.union([ProgrammeFile, z.string().describe('The file as YAML')]),
        },
      },
    },
    async (request, reply) => {
      const file = await exportProgramme(deps, parts, requireAuth(request), request.params.id);
      if (request.query.format === 'json') return file;
      return reply.type('application/yaml; charset=utf-8').send(formatProgrammeFile(file));
    },
  );

  app.post(
    '/campaigns/:id/copy',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'copyCampaign',
        summary: 'Copy a campaign into a new period',
        description:
          'A recurring programme (a school year, the next year of a five-year plan) copied as a new draft campaign of the same owner under `key`: the same phases, plan, announcements and reminders, every date moved by `shift` on the calendar (`{ "years": 1 }`); statuses, occurrences and reminders sent are not copied. Checked like a loaded file, all or nothing: a moved date that breaks a rule is a 400 `programme_invalid` naming it; a taken key is 409 `conflict`.',
        tags: ['campaigns'],
        errorCodes: ['programme_invalid', 'conflict', 'not_found'],
        params: z.strictObject({ id: Id }),
        body: CampaignCopyInput,
        response: { 201: ProgrammeLoadResult },
      },
    },
    async (request, reply) => {
      const result = await copyProgramme(
        deps,
        parts,
        requireAuth(request),
        request.params.id,
        request.body,
      );
      return reply.status(201).send(result);
    },
  );
};
