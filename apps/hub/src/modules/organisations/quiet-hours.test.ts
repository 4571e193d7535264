import { describe, expect, it } from 'vitest';
import {
  formatQuietHours,
  parseQuietHours,
  resolveQuietHours,
  storedQuietHours,
} from './quiet-hours.js';

describe('quiet-hours settings', () => {
  it('parses HH:mm-HH:mm and off, and nothing else', () => {
    expect(parseQuietHours('21:00-08:00')).toEqual({ from: '21:00', to: '08:00' });
    expect(parseQuietHours(' 22:30-07:15 ')).toEqual({ from: '22:30', to: '07:15' });
    expect(parseQuietHours('off')).toBeNull();
    for (const bad of ['', 'on', '24:00-08:00', '21:00', '9:00-08:00', '21:00–08:00', 'OFF']) {
      expect(parseQuietHours(bad), bad).toBeUndefined();
    }
  });

  it('stores hours, none and inherit apart, and reads them back', () => {
    for (const setting of [{ from: '20:00', to: '06:00' }, null, undefined]) {
      expect(storedQuietHours(formatQuietHours(setting))).toEqual(setting);
    }
    expect(formatQuietHours(null)).toBe('off');
    expect(formatQuietHours(undefined)).toBeNull();
  });

  const path = ['ministry', 'province', 'district', 'school'];
  const hub = { from: '21:00', to: '08:00' };

  it('takes the nearest setting up the path, else the hub default', () => {
    expect(resolveQuietHours(path, new Map(), hub)).toEqual({
      quietHours: hub,
      source: 'hub_default',
      orgId: null,
    });
    const settings = new Map([
      ['ministry', { from: '22:00', to: '07:00' }],
      ['province', { from: '20:00', to: '09:30' }],
    ]);
    expect(resolveQuietHours(path, settings, hub)).toEqual({
      quietHours: { from: '20:00', to: '09:30' },
      source: 'inherited',
      orgId: 'province',
    });
    expect(resolveQuietHours(path.slice(0, 2), settings, hub)).toMatchObject({
      source: 'own',
      orgId: 'province',
    });
  });

  it('reads none (null) as no quiet hours, stopping what would be inherited', () => {
    const settings = new Map<string, { from: string; to: string } | null>([
      ['province', { from: '20:00', to: '09:30' }],
      ['district', null],
    ]);
    expect(resolveQuietHours(path, settings, hub)).toEqual({
      quietHours: null,
      source: 'inherited',
      orgId: 'district',
    });
    // The hub's default off: none unless an organisation sets its own.
    expect(resolveQuietHours(path, new Map(), null)).toEqual({
      quietHours: null,
      source: 'hub_default',
      orgId: null,
    });
  });
});
