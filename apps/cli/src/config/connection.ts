import { SafenetClient } from '@safenet/sdk';
import { CliError, usageError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import { configPath, readConfig } from './config-file.js';

/** The profile used when neither `--profile` nor `SAFENET_PROFILE` names one. */
export const DEFAULT_PROFILE = 'default';

/** Where a command connects, and with which key. */
export interface Connection {
  profile: string;
  url: string;
  apiKey: string;
}

/** `--profile`, else `SAFENET_PROFILE`, else `default`. */
export function profileName(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? (env.SAFENET_PROFILE || DEFAULT_PROFILE);
}

/**
 * The hub and key for a command: the profile's, with `SAFENET_URL` and `SAFENET_API_KEY`
 * overriding each value, so CI sets the two variables and needs no file.
 */
export async function resolveConnection(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Connection> {
  const profile = profileName(flag, env);
  const envUrl = env.SAFENET_URL || undefined;
  const envKey = env.SAFENET_API_KEY || undefined;
  const stored =
    envUrl && envKey ? undefined : (await readConfig(configPath(env))).profiles[profile];
  const url = envUrl ?? stored?.url;
  const apiKey = envKey ?? stored?.apiKey;
  if (url && apiKey) return { profile, url, apiKey };
  if (flag !== undefined && !stored) {
    throw new CliError(
      'profile_not_found',
      `no profile "${profile}": log in with \`safenet login --profile ${profile} --url <hub>\``,
      EXIT_CODES.notFound.code,
    );
  }
  throw usageError(
    `not logged in (profile "${profile}"): run \`safenet login --url <hub>\`, or set SAFENET_URL and SAFENET_API_KEY`,
  );
}

/** An SDK client for the connection. */
export function clientFor(connection: Pick<Connection, 'url' | 'apiKey'>): SafenetClient {
  try {
    return new SafenetClient({ baseUrl: connection.url, apiKey: connection.apiKey });
  } catch (cause) {
    // The SDK checks the URL: http(s), no query or fragment.
    throw usageError(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}
