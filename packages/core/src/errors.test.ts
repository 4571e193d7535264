import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DELIVERY_REASONS } from './delivery/delivery.schema.js';
import {
  ERROR_CODE_LIST,
  ERROR_CODES,
  type ErrorCode,
  isErrorCode,
  SafenetError,
  toSafenetError,
} from './errors.js';

const DOC_URL = new URL('../../../docs/reference/errors.md', import.meta.url);

/**
 * The rows of the markdown table whose header row is exactly `header`, as trimmed cells
 * with surrounding backticks removed.
 */
function tableRows(markdown: string, header: readonly string[]): string[][] {
  const lines = markdown.split('\n').map((line) => line.trim());
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim().replace(/^`(.*)`$/, '$1'));
  const start = lines.findIndex(
    (line) => line.startsWith('|') && JSON.stringify(cells(line)) === JSON.stringify(header),
  );
  if (start === -1) throw new Error(`no table with header | ${header.join(' | ')} |`);
  expect(lines[start + 1]).toMatch(/^\|(\s*:?-+:?\s*\|)+$/);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(cells(line));
  }
  return rows;
}

describe('docs/reference/errors.md', () => {
  const doc = readFileSync(DOC_URL, 'utf8');

  it('lists exactly the registry codes, in registry order, with their status and retryability', () => {
    const rows = tableRows(doc, ['code', 'HTTP status', 'retryable', 'meaning']);
    expect(rows.map((row) => row[0])).toEqual(ERROR_CODE_LIST);
    for (const [code, status, retryable, meaning] of rows) {
      const entry = ERROR_CODES[code as ErrorCode];
      expect(status, code).toBe(String(entry.status));
      expect(retryable, code).toBe(entry.retryable ? 'yes' : 'no');
      expect(meaning, code).not.toBe('');
    }
  });

  it('lists exactly the delivery reasons, in order', () => {
    const rows = tableRows(doc, ['reason', 'meaning']);
    expect(rows.map((row) => row[0])).toEqual(Object.keys(DELIVERY_REASONS));
    for (const [reason, meaning] of rows) expect(meaning, reason).not.toBe('');
  });

  it('documents the problem+json type URI and the field-level codes', () => {
    expect(doc).toContain('https://safenet.dev/errors/<code>');
    for (const code of ['invalid_phone_number', 'unsupported_language', 'unrecognized_keys']) {
      expect(doc).toContain(`\`${code}\``);
    }
  });
});

describe('ERROR_CODES', () => {
  it('lists every code once, in registry order, in ERROR_CODE_LIST', () => {
    expect(ERROR_CODE_LIST).toEqual(Object.keys(ERROR_CODES));
    expect(new Set(ERROR_CODE_LIST).size).toBe(ERROR_CODE_LIST.length);
  });

  it('uses snake_case codes, error statuses and a title for each', () => {
    for (const code of ERROR_CODE_LIST) {
      const { status, title } = ERROR_CODES[code];
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(title.trim(), code).not.toBe('');
    }
  });

  it('has the codes other parts of Safenet rely on', () => {
    // Field codes the schemas emit, the template error and the boundary fallback.
    for (const code of [
      'validation_failed',
      'invalid_phone_number',
      'unsupported_language',
      'template_variable_missing',
      'internal_error',
    ]) {
      expect(isErrorCode(code), code).toBe(true);
    }
  });
});

describe('isErrorCode', () => {
  it('accepts registry codes only, not inherited object properties', () => {
    expect(isErrorCode('not_found')).toBe(true);
    for (const value of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'NOT_FOUND']) {
      expect(isErrorCode(value), value).toBe(false);
    }
    for (const value of [404, undefined, null, {}, ['not_found']]) {
      expect(isErrorCode(value)).toBe(false);
    }
  });
});

describe('SafenetError', () => {
  it('is an Error with a name, message and the registry’s status and retryability', () => {
    const error = new SafenetError('not_found', 'No contact 42 in your organisation');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(SafenetError);
    expect(error.name).toBe('SafenetError');
    expect(error.message).toBe('No contact 42 in your organisation');
    expect(error.code).toBe('not_found');
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(error.errors).toEqual([]);
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.stack).toContain('SafenetError');
  });

  it('takes status and retryability from the registry for every code', () => {
    expect(new SafenetError('rate_limited', 'slow down')).toMatchObject({
      status: 429,
      retryable: true,
    });
    expect(new SafenetError('provider_rejected', 'no')).toMatchObject({
      status: 502,
      retryable: false,
    });
    for (const code of ERROR_CODE_LIST) {
      const error = new SafenetError(code, code);
      expect(error.status, code).toBe(ERROR_CODES[code].status);
      expect(error.retryable, code).toBe(ERROR_CODES[code].retryable);
    }
  });

  it('keeps the cause', () => {
    const cause = new Error('ECONNREFUSED 127.0.0.1:5432');
    const error = new SafenetError('store_unavailable', 'The database is not available', { cause });
    expect(error.cause).toBe(cause);
    // A non-Error cause is kept as it is.
    expect(new SafenetError('internal_error', 'x', { cause: 'boom' }).cause).toBe('boom');
  });

  it('has no cause when none is given', () => {
    expect('cause' in new SafenetError('internal_error', 'x')).toBe(false);
  });

  it('lets an occurrence override retryability both ways', () => {
    // A provider answering 429 makes a normally permanent refusal worth retrying.
    const retry = new SafenetError('provider_rejected', 'Too many requests', {
      retryable: true,
      retryAfterSeconds: 30,
    });
    expect(retry.retryable).toBe(true);
    expect(retry.retryAfterSeconds).toBe(30);
    expect(retry.status).toBe(502);
    const noRetry = new SafenetError('provider_unavailable', 'Account suspended', {
      retryable: false,
    });
    expect(noRetry.retryable).toBe(false);
  });

  it('carries field errors', () => {
    const errors = [
      { path: 'body.addresses.phone', code: 'invalid_phone_number', message: 'not valid' },
    ];
    const error = new SafenetError('validation_failed', 'Invalid request', { errors });
    expect(error.errors).toEqual(errors);
  });
});

describe('toSafenetError', () => {
  it('returns a SafenetError unchanged', () => {
    const original = new SafenetError('conflict', 'externalRef p-1 is taken');
    expect(toSafenetError(original)).toBe(original);
  });

  it('wraps an Error as internal_error, keeping its message and the error as cause', () => {
    const thrown = new TypeError('Cannot read properties of undefined');
    const error = toSafenetError(thrown);
    expect(error).toBeInstanceOf(SafenetError);
    expect(error).toMatchObject({ code: 'internal_error', status: 500, retryable: true });
    expect(error.message).toBe('Cannot read properties of undefined');
    expect(error.cause).toBe(thrown);
  });

  it('wraps anything else thrown, keeping it as cause', () => {
    const string = toSafenetError('boom');
    expect(string).toMatchObject({ code: 'internal_error', message: 'boom', cause: 'boom' });
    const object = { reason: 'x' };
    expect(toSafenetError(object).cause).toBe(object);
    expect(toSafenetError(undefined)).toMatchObject({ code: 'internal_error' });
    expect(toSafenetError(null)).toMatchObject({ code: 'internal_error', message: 'null' });
  });
});
