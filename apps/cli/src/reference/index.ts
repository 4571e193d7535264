/**
 * The CLI's reference page, rendered from its command definitions: what
 * `npm run docs:cli` writes to docs/reference/cli.md and the drift test compares.
 */

import { commandTree, flatten } from '../completion/command-tree.js';
import type { Io } from '../io.js';
import { buildProgram } from '../program.js';
import { INTRO } from './intro.js';
import { renderCliReference } from './markdown.js';

/** A program that is never run: the reference reads its definitions only. */
function definitions() {
  return buildProgram(undefined as unknown as Io);
}

/** docs/reference/cli.md as it should be. */
export function renderReference(): string {
  return renderCliReference(definitions(), INTRO);
}

/** Every command's words after `safenet` (`segments count`), for tests of completion. */
export function commandPaths(): string[] {
  return flatten(commandTree(definitions()))
    .filter((node) => node.path.length > 0)
    .map((node) => node.path.join(' '));
}
