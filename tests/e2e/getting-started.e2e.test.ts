/**
 * docs/guides/getting-started.md, run as written: every ```sh block in order in one bash
 * session (so the variables it sets carry over), then the TypeScript of step 6, against a
 * hub started as `npm start` would start it. Only two things are changed: the port (the
 * guide's 3000 → a free one) and the data directory (`.safenet/` → a temporary one). A
 * block preceded by `<!-- doc-test: skip (why) -->` is not run. Where the guide shows a JSON
 * answer right after a block, the block's output must contain it (values written `…` are
 * left out; the demo data are the same on every start).
 */
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { freePort, spawnHub } from '../support/hub-process.js';
import { tempDir } from '../support/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GUIDE = join(ROOT, 'docs/guides/getting-started.md');
const run = promisify(execFile);

interface Block {
  lang: string;
  code: string;
  skip: boolean;
  /** The ```json block that follows it, if any. */
  answer?: string;
}

/** The fenced blocks of the guide, with the answers shown after the shell ones. */
function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  const fence = /(<!-- doc-test: skip[^>]*-->\s*)?```(\w+)\n([\s\S]*?)```/g;
  for (const match of markdown.matchAll(fence)) {
    const [, skip, lang = '', code = ''] = match;
    const previous = found.at(-1);
    if (lang === 'json' && previous?.lang === 'sh' && previous.answer === undefined) {
      previous.answer = code;
      continue;
    }
    found.push({ lang, code, skip: skip !== undefined });
  }
  return found;
}

/** A shown answer without its `…` placeholders, or undefined when it is not JSON. */
function expected(answer: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(answer);
  } catch {
    return undefined;
  }
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, inner]) => !(typeof inner === 'string' && inner.includes('…')))
          .map(([key, inner]) => [key, strip(inner)]),
      );
    }
    return v;
  };
  return strip(value);
}

it('runs every step of the getting-started guide as written', { timeout: 180_000 }, async () => {
  await using dir = await tempDir('safenet-guide-');
  const port = await freePort();
  const dataDir = join(dir.path, 'data');
  const adapt = (code: string) =>
    code
      .replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`)
      .replace(/(\.\/)?\.safenet\//g, `${dataDir}/`);

  await using hub = spawnHub({ SAFENET_DATA_DIR: dataDir, PORT: String(port) });
  await hub.ready();

  const guide = blocks(await readFile(GUIDE, 'utf8'));
  const shell = guide.filter((b) => b.lang === 'sh');
  expect(shell.filter((b) => b.skip)).toHaveLength(2);
  const runnable = shell.filter((b) => !b.skip);
  // One bash session; a marker before each block splits the output back into blocks.
  const script = [
    'set -euo pipefail',
    ...runnable.map((block, i) => `echo "@@block ${i}@@"\n${adapt(block.code)}`),
  ].join('\n');
  const { stdout } = await run('bash', ['-c', script], { cwd: ROOT, timeout: 120_000 });
  const outputs = stdout.split(/@@block \d+@@\n/).slice(1);
  expect(outputs).toHaveLength(runnable.length);
  let compared = 0;
  runnable.forEach((block, i) => {
    const want = block.answer === undefined ? undefined : expected(block.answer);
    if (want === undefined) return;
    const lines = (outputs[i] ?? '').trim().split('\n');
    // A block's answer is the last line it printed (a wait loop prints nothing).
    expect(JSON.parse(lines.at(-1) ?? ''), block.code).toMatchObject(want as object);
    compared++;
  });
  expect(compared).toBeGreaterThanOrEqual(2);

  // Step 6: the TypeScript, saved at the repository's root and run as the guide says.
  const [typescript] = guide.filter((b) => b.lang === 'ts');
  expect(typescript).toBeDefined();
  const file = join(ROOT, `first-broadcast.${process.pid}.ts`);
  await writeFile(file, adapt(typescript?.code ?? ''));
  try {
    const key = (await readFile(join(dataDir, 'admin-key'), 'utf8')).trim();
    const { stdout: printed } = await run(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      env: { ...process.env, SAFENET_KEY: key },
      timeout: 60_000,
    });
    expect(printed.trim().split('\n').at(-1)).toMatch(/^completed \{/);
  } finally {
    await rm(file, { force: true });
  }
});
