import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { ContactListQuery, contactSearchTerms } from './contact-search.js';

describe('contactSearchTerms', () => {
  it.each([
    ['+7 701 234 56 78', ['+77012345678']],
    ['+7 (701) 234-56-78', ['+77012345678']],
    ['7.701.234.56.78', ['+77012345678']],
    ['+7 701', ['+7701']],
    ['8 701 234 56 78', ['+87012345678', '+77012345678']],
    ['091 234 5678', ['+84912345678']],
    ['+84 91 234 5678', ['+84912345678']],
  ])('reads %s as the phone prefixes %j', (q, prefixes) => {
    expect(contactSearchTerms(q).phonePrefixes).toEqual(prefixes);
  });

  it('reads words as text only, in NFC lower case', () => {
    expect(contactSearchTerms('  Айгерим ')).toEqual({ text: 'айгерим', phonePrefixes: [] });
    expect(contactSearchTerms('Nguyễn'.normalize('NFD')).text).toBe('nguyễn'.normalize('NFC'));
    expect(contactSearchTerms('12').phonePrefixes).toEqual([]);
    expect(contactSearchTerms('parent-12').phonePrefixes).toEqual([]);
  });
});

describe('ContactListQuery', () => {
  it('parses the filters and splits the consent conditions', () => {
    expect(
      ContactListQuery.parse({
        q: ' Ai ',
        language: 'kk',
        role: 'parent',
        channel: 'whatsapp',
        consent: 'whatsapp:granted,sms:none',
        age: '7',
      }),
    ).toEqual({
      q: 'Ai',
      language: 'kk',
      role: 'parent',
      channel: 'whatsapp',
      consent: [
        { channel: 'whatsapp', status: 'granted' },
        { channel: 'sms', status: 'none' },
      ],
      age: 7,
      limit: 50,
    });
  });

  it.each([
    [{ consent: 'whatsapp:withdrawn' }, 'consent'],
    [{ consent: 'fax:granted' }, 'consent'],
    [{ language: 'de' }, 'language'],
    [{ role: 'child' }, 'role'],
    [{ age: '18' }, 'age'],
    [{ channel: 'pigeon' }, 'channel'],
    [{ q: '' }, 'q'],
    [{ colour: 'red' }, ''],
  ])('refuses %j', (query, path) => {
    expect(issues(ContactListQuery.safeParse(query)).map(([at]) => at)).toContain(path);
  });
});
