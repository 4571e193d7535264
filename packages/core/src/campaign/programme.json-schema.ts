import { z } from 'zod';
import { ProgrammeFile } from './programme.schema.js';

/**
 * The programme file's JSON Schema, generated from {@link ProgrammeFile} so editors can validate
 * a file as it is written (`# yaml-language-server: $schema=…`). It carries the shape only: the
 * cross-field rules (dates inside the window, unique keys, anchors) are checked by
 * `parseProgrammeFile`. `tools/campaign-file-schema.ts` writes it to
 * `docs/reference/campaign-file.schema.json`; a test fails when the committed file drifts.
 */
export function programmeFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ProgrammeFile, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://safenet.dev/schemas/campaign-file.schema.json',
    title: 'Safenet campaign programme file',
    ...schema,
  };
}
