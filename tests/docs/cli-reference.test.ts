/**
 * docs/reference/cli.md is generated from the CLI's command definitions (`npm run docs:cli`):
 * a command, option, example or exit code added or changed without regenerating the page
 * fails here, with the first differing line.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { commandPaths, renderReference } from '@safenet/cli/reference';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = readFileSync(new URL('docs/reference/cli.md', `file://${ROOT}`), 'utf8');

/** The rendering as `npm run docs:cli` writes it: through the repository's biome formatter. */
function formatted(markdown: string): string {
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  return execFileSync(
    process.execPath,
    [biome, 'format', '--stdin-file-path=docs/reference/cli.md'],
    {
      cwd: ROOT,
      input: markdown,
      encoding: 'utf8',
    },
  );
}

describe('docs/reference/cli.md', () => {
  it('is what the command definitions render (run `npm run docs:cli` after changing them)', () => {
    const rendered = formatted(renderReference());
    const docLines = DOC.split('\n');
    const renderedLines = rendered.split('\n');
    const first = renderedLines.findIndex((line, index) => line !== docLines[index]);
    expect(
      first === -1
        ? null
        : { line: first + 1, file: docLines[first], rendered: renderedLines[first] },
    ).toBeNull();
    expect(DOC).toBe(rendered);
  });

  it('has a section for every command, with its exit codes', () => {
    for (const path of commandPaths()) {
      expect(DOC, path).toContain(`\n### safenet ${path}\n`);
    }
    for (const code of [0, 1, 2, 3, 4]) expect(DOC).toMatch(new RegExp(`^\\| ${code} +\\| `, 'm'));
  });
});
