import type { Hotline } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { type BroadcastSignposting, footerFor, renderSignposted } from './signposting.js';

const line = (fields: Partial<Hotline>): Hotline => ({
  id: '0190a5a0-0000-7000-8000-000000000001',
  orgId: 'root',
  number: '111',
  e164: null,
  name: { vi: 'Tổng đài Quốc gia bảo vệ trẻ em' },
  purposes: ['child_protection'],
  languages: ['vi'],
  hours: null,
  serves: ['root'],
  createdAt: '2026-12-06T00:00:00.000Z',
  updatedAt: '2026-12-06T00:00:00.000Z',
  ...fields,
});
const on: BroadcastSignposting = { settings: { enabled: true }, lines: [line({})] };

describe('footerFor', () => {
  it('gives the footer of the lines serving the recipient; none when off or unserved', () => {
    expect(footerFor(on, ['root', 'school'], 'vi')).toBe('Đường dây nóng bảo vệ trẻ em: 111');
    expect(footerFor(on, ['elsewhere'], 'vi')).toBe('');
    expect(footerFor({ ...on, settings: { enabled: false } }, ['root'], 'vi')).toBe('');
    expect(
      footerFor(
        { ...on, settings: { enabled: true, purposes: ['psychological_help'] } },
        ['root'],
        'vi',
      ),
    ).toBe('');
  });
});

describe('renderSignposted', () => {
  const footer = 'Đường dây nóng bảo vệ trẻ em: 111';

  it('appends the footer after the body', () => {
    const content = { title: undefined, body: { vi: 'Họp phụ huynh.' }, files: [] };
    expect(renderSignposted(content, 'vi', {}, footer)?.body).toBe(`Họp phụ huynh.\n\n${footer}`);
    expect(renderSignposted(content, 'vi', {}, '')?.body).toBe('Họp phụ huynh.');
  });

  it('puts the files’ links after the text, before the footer, wherever it is placed', () => {
    const links = 'https://hub.example/a/1\nhttps://hub.example/a/2';
    const appended = { title: undefined, body: { vi: 'Họp phụ huynh.' }, files: [] };
    expect(renderSignposted(appended, 'vi', {}, footer, links)?.body).toBe(
      `Họp phụ huynh.\n\n${links}\n\n${footer}`,
    );
    const placed = { title: undefined, body: { vi: '{{signposting}} Họp.' }, files: [] };
    expect(renderSignposted(placed, 'vi', {}, footer, links)?.body).toBe(
      `${footer} Họp.\n\n${links}`,
    );
  });

  it('puts it where the text places {{signposting}}, and not again at the end', () => {
    const content = {
      title: undefined,
      body: { vi: '{{signposting}}\n\nHọp phụ huynh {{day}}.' },
      files: [],
    };
    expect(renderSignposted(content, 'vi', { day: 'thứ Sáu' }, footer)?.body).toBe(
      `${footer}\n\nHọp phụ huynh thứ Sáu.`,
    );
  });

  it('decides by the text the reader gets after fallback', () => {
    // A kk reader gets the ru text, which does not place it: appended.
    const content = {
      title: undefined,
      body: { ru: 'Собрание.', en: '{{signposting}} Meeting.' },
      files: [],
    };
    expect(renderSignposted(content, 'kk', {}, 'F')?.body).toBe('Собрание.\n\nF');
    expect(renderSignposted(content, 'en', {}, 'F')?.body).toBe('F Meeting.');
  });
});
