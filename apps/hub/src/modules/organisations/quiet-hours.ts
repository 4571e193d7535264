import {
  DEFAULT_QUIET_HOURS,
  type EffectiveQuietHours,
  effectiveQuietHours,
  type QuietHours,
} from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { type Executor, own } from './organisations.tables.js';

/**
 * Quiet hours per organisation: each may set its own (stored as text, `HH:mm-HH:mm` or `off`,
 * the spelling of `SAFENET_QUIET_HOURS`), inherit its parent's (no setting), or have none
 * (`off`); above the root the hub's default applies. Core's `effectiveQuietHours` picks the
 * nearest setting; "none" enters its chain as a window that never starts (`from === to`, which
 * `isQuiet` reads as no quiet hours), so an organisation can turn off what it would inherit.
 */

/** What `off` becomes in core's chain: quiet hours that are never quiet. */
const NONE: Readonly<QuietHours> = Object.freeze({ from: '00:00', to: '00:00' });

const SETTING = /^(off|(?<from>([01]\d|2[0-3]):[0-5]\d)-(?<to>([01]\d|2[0-3]):[0-5]\d))$/;

/** An organisation's own setting: hours, `null` for none, `undefined` to inherit. */
export type QuietHoursSetting = QuietHours | null | undefined;

/** Parses `21:00-08:00` or `off` (null); undefined when it is neither. */
export function parseQuietHours(text: string): QuietHours | null | undefined {
  const match = SETTING.exec(text.trim());
  if (!match) return undefined;
  const { from, to } = match.groups ?? {};
  return from && to ? { from, to } : null;
}

/** The stored text of a setting (`null` for "inherit"). */
export function formatQuietHours(setting: QuietHoursSetting): string | null {
  if (setting === undefined) return null;
  return setting === null ? 'off' : `${setting.from}-${setting.to}`;
}

/** A stored setting read back (a NULL column inherits). */
export function storedQuietHours(text: string | null): QuietHoursSetting {
  // The column's CHECK admits nothing else than what parses.
  return text === null ? undefined : parseQuietHours(text);
}

/** The hub's default as the config gives it: core's 21:00–08:00 unless set. */
export const HUB_DEFAULT_QUIET_HOURS = `${DEFAULT_QUIET_HOURS.from}-${DEFAULT_QUIET_HOURS.to}`;

/**
 * The own settings of organisations `ids` (those without one are absent): one statement,
 * however many ids. The send path passes every id on its batch's recipients' paths.
 */
export async function readQuietHourSettings(
  db: ExecutorHandle | Executor,
  ids: readonly string[],
): Promise<Map<string, QuietHours | null>> {
  const settings = new Map<string, QuietHours | null>();
  if (ids.length === 0) return settings;
  const rows = await own(db)
    .selectFrom('organisations')
    .select(['id', 'quiet_hours'])
    .where('id', 'in', [...new Set(ids)])
    .where('quiet_hours', 'is not', null)
    .execute();
  for (const row of rows) {
    const setting = storedQuietHours(row.quiet_hours);
    if (setting !== undefined) settings.set(row.id, setting);
  }
  return settings;
}

/**
 * The quiet hours of the organisation at `path` (ids from the root down to it), given the
 * settings of the organisations on it and the hub's default (`null`: none), and where they
 * come from.
 */
export function resolveQuietHours(
  path: readonly string[],
  settings: ReadonlyMap<string, QuietHours | null>,
  hubDefault: QuietHours | null,
): EffectiveQuietHours {
  const nearestFirst = [...path].reverse();
  const chain = [...nearestFirst.map((id) => inChain(settings.get(id))), inChain(hubDefault)];
  const quiet = effectiveQuietHours(chain);
  const at = chain.indexOf(quiet);
  const orgId = at >= 0 && at < nearestFirst.length ? (nearestFirst[at] as string) : null;
  return {
    quietHours: quiet === NONE ? null : { from: quiet.from, to: quiet.to },
    source: orgId === null ? 'hub_default' : at === 0 ? 'own' : 'inherited',
    orgId,
  };
}

function inChain(setting: QuietHoursSetting): QuietHours | undefined {
  return setting === null ? NONE : setting;
}
