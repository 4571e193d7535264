import type { z } from 'zod';
import type { ConfigProblems } from '../../../platform/config.js';

/**
 * Checks what the hub will hand a channel adapter with the adapter's own schema, so that the
 * hub refuses at load what the adapter would refuse when created. Each problem is reported
 * under the variable its field comes from (`variables`: field path, dotted, to variable
 * name), else under `group`. Returns whether the adapter accepts the configuration.
 *
 * @example
 * checkAdapterConfig(TwilioSmsConfig, twilio, { accountSid: 'SAFENET_TWILIO_ACCOUNT_SID' }, 'Twilio', problems);
 */
export function checkAdapterConfig<Schema extends z.ZodType>(
  schema: Schema,
  config: z.input<Schema>,
  variables: Readonly<Record<string, string>>,
  group: string,
  problems: ConfigProblems,
): boolean {
  const parsed = schema.safeParse(config);
  for (const issue of parsed.error?.issues ?? []) {
    problems.add(variableOf(issue.path, variables) ?? group, issue.message);
  }
  return parsed.success;
}

/** The variable of the longest leading part of `path` that names a field in `variables`. */
function variableOf(
  path: readonly PropertyKey[],
  variables: Readonly<Record<string, string>>,
): string | undefined {
  for (let length = path.length; length > 0; length--) {
    const variable = variables[path.slice(0, length).map(String).join('.')];
    if (variable) return variable;
  }
  return undefined;
}

/** The message for a group of variables set in part: `set all of A, B, C (or none)`. */
export function allOrNone(names: readonly string[]): string {
  return `set all of ${names.join(', ')} (or none)`;
}
