import { SafenetApiError } from '@safenet/sdk';
import { CommanderError } from 'commander';
import { paint } from './color.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import type { Io } from './io.js';

/**
 * A failure the command line itself detects (a missing flag, a file that is not JSON, no
 * profile): printed like the hub's errors, as `error: <code>: <detail>`, with its exit code.
 */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly code: string,
    detail: string,
    readonly exitCode: ExitCode,
    options?: ErrorOptions,
  ) {
    super(detail, options);
  }
}

/** Bad input on the command line: exit 2. */
export function usageError(detail: string, options?: ErrorOptions): CliError {
  return new CliError('usage', detail, EXIT_CODES.usage.code, options);
}

/** The hub's codes that say the request itself was malformed: the caller's to fix, exit 2. */
const USAGE_CODES: ReadonlySet<string> = new Set([
  'validation_failed',
  'malformed_json',
  'invalid_cursor',
]);

/**
 * The one mapping from an SDK error to an exit code (docs/reference/cli.md, "Exit codes").
 * `route_not_found` is a 404 too, but it means this hub does not serve the route (a hub
 * older than the CLI): a failure, not a missing record.
 */
export function exitCodeOf(error: SafenetApiError): ExitCode {
  if (USAGE_CODES.has(error.code)) return EXIT_CODES.usage.code;
  if (error.status === 404 && error.code !== 'route_not_found') return EXIT_CODES.notFound.code;
  if (error.status === 0 || error.status >= 500 || error.status === 429 || error.retryable) {
    return EXIT_CODES.failure.code;
  }
  if (error.status >= 400 && error.status < 500) return EXIT_CODES.refused.code;
  return EXIT_CODES.failure.code;
}

/**
 * Prints anything a command threw to stderr — `error: <code>: <detail>`, then one line per
 * field error — and answers the exit code. The one place errors become text and codes.
 */
export function reportError(io: Io, error: unknown): ExitCode {
  const label = paint(io.stderr, io.env, 'red', 'error');
  if (error instanceof SafenetApiError) {
    io.stderr.write(`${label}: ${error.code}: ${error.message}\n`);
    for (const field of error.errors) {
      io.stderr.write(`  ${field.path || '(body)'}: ${field.code}: ${field.message}\n`);
    }
    if (error.requestId) io.stderr.write(`  request id: ${error.requestId}\n`);
    return exitCodeOf(error);
  }
  if (error instanceof CliError) {
    io.stderr.write(`${label}: ${error.code}: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof CommanderError) {
    // Commander has printed its own message (an unknown option, a missing argument).
    return error.exitCode === 0 ? EXIT_CODES.ok.code : EXIT_CODES.usage.code;
  }
  const detail = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${label}: internal: ${detail}\n`);
  return EXIT_CODES.failure.code;
}
