/**
 * Writes docs/reference/cli.md from the built CLI's command definitions (`npm run docs:cli`
 * builds first), formatted by the repository's biome as `biome check` wants every Markdown
 * file. tests/docs/cli-reference.test.ts fails when the file is out of date.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { renderReference } from '../dist/reference/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
const formatted = execFileSync(
  process.execPath,
  [biome, 'format', '--stdin-file-path=docs/reference/cli.md'],
  { cwd: root, input: renderReference(), encoding: 'utf8' },
);
await writeFile(new URL('docs/reference/cli.md', `file://${root}`), formatted);
console.log('wrote docs/reference/cli.md');
