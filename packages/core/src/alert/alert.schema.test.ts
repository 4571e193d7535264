import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StreamEvent } from '../event/event.schema.js';
import { ALERT_CODES, Alert, AlertListQuery } from './alert.schema.js';

const DOC = readFileSync(new URL('../../../../docs/reference/alerts.md', import.meta.url), 'utf8');

/** The rows of alerts.md's code table: code, severity, subject, meaning. */
function rows(): string[][] {
  const lines = DOC.split('\n').filter((line) => line.startsWith('| `'));
  return lines.map((line) =>
    line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim().replace(/^`(.*)`$/, '$1')),
  );
}

describe('docs/reference/alerts.md', () => {
  it('lists exactly the registry’s codes, in order, with their severity and subject', () => {
    const table = rows();
    expect(table.map((row) => row[0])).toEqual(Object.keys(ALERT_CODES));
    for (const [code, severity, subject, meaning] of table) {
      const entry = ALERT_CODES[code as keyof typeof ALERT_CODES];
      expect(severity, code).toBe(entry.severity);
      expect(subject, code).toBe(entry.subject);
      expect(meaning, code).not.toBe('');
    }
  });
});

describe('Alert', () => {
  const alert = {
    id: '0190f5c2-0000-7000-8000-000000000001',
    orgId: '0190f5c2-0000-7000-8000-000000000002',
    code: 'plan_item_overdue',
    severity: 'warning',
    subject: { type: 'plan_assignment', id: 'c/7/o' },
    message: 'Gia Lâm: item 7 is overdue',
    state: 'open',
    createdAt: '2022-06-01T00:00:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
  };

  it('parses a stored alert and refuses a code outside the registry', () => {
    expect(Alert.parse(alert)).toEqual(alert);
    expect(Alert.safeParse({ ...alert, code: 'made_up' }).success).toBe(false);
  });

  it('is published on the stream with its id', () => {
    const event = {
      type: 'alert',
      orgId: alert.orgId,
      at: alert.createdAt,
      data: {
        alertId: alert.id,
        code: alert.code,
        severity: alert.severity,
        subject: alert.subject,
        message: alert.message,
      },
    };
    expect(StreamEvent.parse(event)).toEqual(event);
    const { alertId: _, ...withoutId } = event.data;
    expect(StreamEvent.safeParse({ ...event, data: withoutId }).success).toBe(false);
  });

  it('filters the list by state, code and severity only from their values', () => {
    expect(AlertListQuery.parse({ state: 'open' })).toMatchObject({ state: 'open', limit: 50 });
    expect(AlertListQuery.safeParse({ state: 'closed' }).success).toBe(false);
  });
});
