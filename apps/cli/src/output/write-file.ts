import { open } from 'node:fs/promises';
import { usageError } from '../errors.js';

/**
 * Writes a file the command produced (a workbook, an export, an error report). An existing
 * file is kept unless `force`: flag `wx` checks and creates in one step, so two runs never
 * both write, and a file someone edited is never lost to a re-run.
 */
export async function writeNewFile(
  path: string,
  data: Uint8Array | string,
  force: boolean,
): Promise<void> {
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, force ? 'w' : 'wx');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw usageError(`${path} exists: add --force to overwrite it`);
    throw usageError(`cannot write ${path}: ${(cause as Error).message}`, { cause });
  }
  try {
    await file.writeFile(data);
  } finally {
    await file.close();
  }
}
