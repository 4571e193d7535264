/**
 * Writes docs/reference/campaign-file.schema.json from the programme file's zod schema.
 * Run `npm run docs:campaign-schema` after changing a shape in packages/core/src/campaign/;
 * `programme.json-schema.test.ts` fails until the committed file matches.
 */
import { writeFileSync } from 'node:fs';
import { programmeFileJsonSchema } from '../packages/core/src/campaign/programme.json-schema.ts';

const target = new URL('../docs/reference/campaign-file.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(programmeFileJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
