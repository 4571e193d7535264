import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import envPaths from 'env-paths';
import { usageError } from '../errors.js';

/** One hub and the key to use there. */
export interface Profile {
  url: string;
  apiKey: string;
}

/** What `config.json` holds. */
export interface ConfigFile {
  version: 1;
  profiles: Record<string, Profile>;
}

const EMPTY: ConfigFile = { version: 1, profiles: {} };

/**
 * `<config dir>/safenet/config.json`: `$XDG_CONFIG_HOME/safenet` (or `~/.config/safenet`) on
 * Linux, `~/Library/Preferences/safenet` on macOS, `%APPDATA%\safenet\Config` on Windows.
 * env-paths reads `HOME` and `XDG_CONFIG_HOME` from `env`'s process, so they are passed in.
 */
export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.SAFENET_CONFIG_DIR) return join(env.SAFENET_CONFIG_DIR, 'config.json');
  return join(envPaths('safenet', { suffix: '' }).config, 'config.json');
}

/** The file's profiles; none when there is no file yet. */
export async function readConfig(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw usageError(`${path} is not JSON: fix or delete it, then log in again`, { cause });
  }
  return checkConfig(parsed, path);
}

function checkConfig(parsed: unknown, path: string): ConfigFile {
  const bad = () => usageError(`${path} is not a safenet config file: fix or delete it`);
  if (typeof parsed !== 'object' || parsed === null) throw bad();
  const { version, profiles } = parsed as Record<string, unknown>;
  if (version !== 1 || typeof profiles !== 'object' || profiles === null) throw bad();
  const checked: Record<string, Profile> = {};
  for (const [name, profile] of Object.entries(profiles)) {
    const { url, apiKey } = (profile ?? {}) as Record<string, unknown>;
    if (typeof url !== 'string' || typeof apiKey !== 'string') throw bad();
    checked[name] = { url, apiKey };
  }
  return { version: 1, profiles: checked };
}

/**
 * Writes the file atomically — a temporary file in the same directory, flushed, then renamed
 * over it — so a crash never leaves half a file, and with mode 0600 from its creation (the
 * directory 0700), so the keys are never readable by others, not even for a moment.
 */
export async function writeConfig(path: string, config: ConfigFile): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const temporary = join(dir, `.config.json.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temporary, 'wx', 0o600);
  try {
    await file.writeFile(`${JSON.stringify(config, null, 2)}\n`, 'utf8');
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
}
