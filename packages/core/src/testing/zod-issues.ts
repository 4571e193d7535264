import { expect } from 'vitest';
import type { z } from 'zod';

/**
 * A failed parse's issues as [path, code]: the field code from `params.code` for Safenet's
 * own issues (`invalid_phone_number`, `unsupported_language`), zod's own code otherwise.
 * Test support only; not exported from the package.
 */
export function issues(result: { success: boolean; error?: z.ZodError }): Array<[string, string]> {
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => {
    const params = 'params' in issue ? (issue.params as { code?: unknown } | undefined) : undefined;
    const code = typeof params?.code === 'string' ? params.code : issue.code;
    return [issue.path.join('.'), code];
  });
}
