import { z } from 'zod';
import { Campaign } from './campaign.schema.js';

/** The largest programme file the hub loads, in characters (the 2017 plan is ~25,000). */
export const PROGRAMME_TEXT_MAX = 1_000_000;

/**
 * A programme file sent as JSON (`Content-Type: application/json`): its text and its
 * format. The text is kept as written, so problems are reported at the file's own lines and
 * columns. A YAML file may also be sent as it is, with `Content-Type: application/yaml`.
 *
 * @example
 * { format: 'yaml', text: readFileSync('safe-internet-2017.ru.yaml', 'utf8') }
 */
export const ProgrammeLoadInput = z
  .strictObject({
    format: z.enum(['yaml', 'json']).describe('How the text is written'),
    text: z.string().min(1).max(PROGRAMME_TEXT_MAX).describe('The programme file, as written'),
  })
  .describe('A programme file and its format');
export type ProgrammeLoadInput = z.input<typeof ProgrammeLoadInput>;

/** `POST /v1/campaigns/programme?dryRun=true`: validate only. */
export const ProgrammeLoadQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('"true": check the file and answer what loading it would do, writing nothing'),
});
export type ProgrammeLoadQuery = z.input<typeof ProgrammeLoadQuery>;

/** What loading a file did (or, in a dry run, would do) to its campaign. */
export const PROGRAMME_LOAD_OUTCOMES = ['created', 'updated', 'unchanged'] as const;

/** The answer to loading a programme file. */
export const ProgrammeLoadResult = z
  .object({
    outcome: z
      .enum(PROGRAMME_LOAD_OUTCOMES)
      .describe(
        '"created": a new campaign; "updated": the campaign with the owner and key changed; "unchanged": the file matches what is stored',
      ),
    dryRun: z.boolean().describe('True when nothing was written'),
    campaign: Campaign.describe(
      'The campaign as loaded; in a dry run, as it would be (a new campaign’s id is not kept)',
    ),
  })
  .describe('What loading a programme file did');
export type ProgrammeLoadResult = z.infer<typeof ProgrammeLoadResult>;
