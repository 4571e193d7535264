import { reportError } from './errors.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import type { Io } from './io.js';
import { buildProgram } from './program.js';

/** Runs one command line (`argv` without node and the script) and answers its exit code. */
export async function run(argv: string[], io: Io, version?: string): Promise<ExitCode> {
  const program = buildProgram(io, version === undefined ? {} : { version });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_CODES.ok.code;
  } catch (error) {
    return reportError(io, error);
  }
}
