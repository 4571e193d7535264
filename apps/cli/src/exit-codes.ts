/**
 * The exit codes of `safenet`, stable like the hub's error codes: scripts branch on them.
 * The reference page (docs/reference/cli.md) is rendered from this table.
 */
export const EXIT_CODES = {
  ok: { code: 0, meaning: 'Done.' },
  failure: {
    code: 1,
    meaning:
      'It failed: the hub is unreachable or timed out, answered 5xx or 429 after the retries, or something else went wrong.',
  },
  usage: {
    code: 2,
    meaning:
      'Usage: an unknown command or flag, a missing or malformed argument, no profile to use, or the hub answered `validation_failed`, `malformed_json` or `invalid_cursor`.',
  },
  notFound: {
    code: 3,
    meaning:
      'Not found: the hub answered `404 not_found` (nothing with that id in your key’s subtree), or no such profile.',
  },
  refused: {
    code: 4,
    meaning:
      'Refused: the hub understood the request and declined it — 401, 403, 409, 422 and any other 4xx (a bad key, a scope the key lacks, a state that forbids it).',
  },
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES]['code'];
