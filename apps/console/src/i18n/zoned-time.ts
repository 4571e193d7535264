/**
 * The instant a wall-clock time (`2017-04-10T09:00`, from a datetime-local field) names in
 * `timeZone`, as ISO 8601 with that zone's offset then (`2017-04-10T09:00:00+06:00`). The
 * offset is read from Intl for that very moment, so it is right across offset changes
 * (Asia/Almaty moved from UTC+6 to UTC+5 on 2024-03-01).
 */
export function zonedWallTimeToIso(wallTime: string, timeZone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wallTime);
  if (!match) throw new RangeError(`not a wall-clock time: ${wallTime}`);
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at the guessed instant, then once more at the corrected one.
  let offset = offsetMinutes(asUtc, timeZone);
  offset = offsetMinutes(asUtc - offset * 60_000, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${wallTime}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Minutes `timeZone` is ahead of UTC at `epochMs`. */
function offsetMinutes(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((wall - Math.floor(epochMs / 60_000) * 60_000) / 60_000);
}
