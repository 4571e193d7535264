import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import {
  AddressesInput,
  AgeBand,
  CHANNEL_ADDRESS,
  ContactBulkInput,
  ContactInput,
  ContactPatch,
  isReachable,
} from './contact.schema.js';

const ORG = '018f2a00-0000-7000-8000-000000000001';
const GRANTED = {
  status: 'granted',
  source: 'parent meeting form',
  at: '2017-04-10T10:00:00+06:00',
} as const;

/** The smallest valid contact. */
const base = { orgId: ORG, role: 'parent', language: 'kk' } as const;

describe('ContactInput', () => {
  it('accepts the smallest contact and fills the defaults', () => {
    expect(ContactInput.parse(base)).toEqual({
      ...base,
      childAgeBands: [],
      addresses: {},
      consents: {},
    });
  });

  it('normalises a Kazakh number written with spaces to E.164', () => {
    const parsed = ContactInput.parse({
      ...base,
      addresses: { phone: '+7 701 234 56 78', whatsapp: ' +7-701-234-56-78 ' },
    });
    expect(parsed.addresses).toEqual({ phone: '+77012345678', whatsapp: '+77012345678' });
  });

  it('normalises a Vietnamese mobile number to E.164', () => {
    const parsed = ContactInput.parse({
      ...base,
      language: 'vi',
      addresses: { phone: '+84 91 234 56 78', whatsapp: '+84912345678' },
    });
    expect(parsed.addresses).toEqual({ phone: '+84912345678', whatsapp: '+84912345678' });
  });

  it('refuses invalid numbers with the field code invalid_phone_number', () => {
    for (const phone of ['+7 123', 'not a number', '87012345678', '+84 1', '']) {
      const result = ContactInput.safeParse({ ...base, addresses: { phone } });
      expect(issues(result), phone).toEqual([['addresses.phone', 'invalid_phone_number']]);
    }
    const result = ContactInput.safeParse({ ...base, addresses: { whatsapp: '+7 000' } });
    expect(issues(result)).toEqual([['addresses.whatsapp', 'invalid_phone_number']]);
  });

  it('names the refused number in the message', () => {
    const result = ContactInput.safeParse({ ...base, addresses: { phone: '+7 123' } });
    expect(result.error?.issues[0]?.message).toContain('+7 123');
  });

  it('refuses an unknown language with the field code unsupported_language', () => {
    for (const language of ['xx', 'de', 'ru-RU', '', 'russian']) {
      const result = ContactInput.safeParse({ ...base, language });
      expect(issues(result), language).toEqual([['language', 'unsupported_language']]);
    }
  });

  it('normalises the language code to lower case', () => {
    expect(ContactInput.parse({ ...base, language: 'RU' }).language).toBe('ru');
    expect(ContactInput.parse({ ...base, language: ' Kk ' }).language).toBe('kk');
    expect(ContactInput.parse({ ...base, language: 'VI' }).language).toBe('vi');
  });

  it('refuses unknown fields', () => {
    expect(issues(ContactInput.safeParse({ ...base, nickname: 'x' }))).toEqual([
      ['', 'unrecognized_keys'],
    ]);
    expect(
      issues(ContactInput.safeParse({ ...base, addresses: { phone: '+77012345678', fax: '1' } })),
    ).toEqual([['addresses', 'unrecognized_keys']]);
  });

  it('refuses a role that is not an adult’s', () => {
    expect(issues(ContactInput.safeParse({ ...base, role: 'child' }))).toEqual([
      ['role', 'invalid_value'],
    ]);
  });

  it('checks email and telegram addresses', () => {
    expect(
      ContactInput.parse({
        ...base,
        addresses: { email: 'parent@example.kz', telegram: '@safe_parent' },
      }).addresses,
    ).toEqual({ email: 'parent@example.kz', telegram: '@safe_parent' });
    expect(ContactInput.parse({ ...base, addresses: { telegram: '123456789' } }).addresses).toEqual(
      { telegram: '123456789' },
    );
    expect(issues(ContactInput.safeParse({ ...base, addresses: { email: 'nope' } }))).toEqual([
      ['addresses.email', 'invalid_format'],
    ]);
    expect(issues(ContactInput.safeParse({ ...base, addresses: { telegram: '@abc' } }))).toEqual([
      ['addresses.telegram', 'invalid_format'],
    ]);
  });

  it('takes consents per known channel, with evidence', () => {
    const parsed = ContactInput.parse({ ...base, consents: { whatsapp: GRANTED } });
    expect(parsed.consents).toEqual({ whatsapp: GRANTED });
    expect(issues(ContactInput.safeParse({ ...base, consents: { viber: GRANTED } }))).toEqual([
      ['consents', 'unrecognized_keys'],
    ]);
    const noSource = ContactInput.safeParse({
      ...base,
      consents: { sms: { ...GRANTED, source: '  ' } },
    });
    expect(issues(noSource)).toEqual([['consents.sms.source', 'too_small']]);
    const badStatus = ContactInput.safeParse({
      ...base,
      consents: { sms: { ...GRANTED, status: 'maybe' } },
    });
    expect(issues(badStatus)).toEqual([['consents.sms.status', 'invalid_value']]);
  });

  it('refuses more than 10 age bands', () => {
    const bands = Array.from({ length: 11 }, () => ({ min: 6, max: 10 }));
    expect(issues(ContactInput.safeParse({ ...base, childAgeBands: bands }))).toEqual([
      ['childAgeBands', 'too_big'],
    ]);
  });
});

describe('AgeBand', () => {
  it('accepts whole years from 0 to 17', () => {
    expect(AgeBand.parse({ min: 0, max: 17 })).toEqual({ min: 0, max: 17 });
    expect(AgeBand.parse({ min: 10, max: 10 })).toEqual({ min: 10, max: 10 });
  });

  it('refuses min greater than max', () => {
    expect(issues(AgeBand.safeParse({ min: 10, max: 6 }))).toEqual([['', 'custom']]);
  });

  it('refuses ages over 17: contacts are adults, the band describes their children', () => {
    expect(issues(AgeBand.safeParse({ min: 6, max: 18 }))).toEqual([['max', 'too_big']]);
    expect(issues(AgeBand.safeParse({ min: 18, max: 18 }))).toEqual([
      ['min', 'too_big'],
      ['max', 'too_big'],
    ]);
  });

  it('refuses negative and fractional ages', () => {
    expect(issues(AgeBand.safeParse({ min: -1, max: 5 }))).toEqual([['min', 'too_small']]);
    expect(issues(AgeBand.safeParse({ min: 6.5, max: 10 }))).toEqual([['min', 'invalid_type']]);
  });
});

describe('privacy: no child’s name or birth date', () => {
  it('refuses a child’s name, birth date or a list of children on a contact', () => {
    for (const field of ['childName', 'childBirthDate', 'birthDate', 'dateOfBirth', 'children']) {
      const value = field === 'children' ? [{ name: 'Айгерим', age: 8 }] : 'x';
      const result = ContactInput.safeParse({ ...base, [field]: value });
      expect(issues(result), field).toEqual([['', 'unrecognized_keys']]);
    }
  });

  it('refuses a name or birth date inside an age band', () => {
    expect(issues(AgeBand.safeParse({ min: 6, max: 10, name: 'Айгерим' }))).toEqual([
      ['', 'unrecognized_keys'],
    ]);
    expect(
      issues(
        ContactInput.safeParse({
          ...base,
          childAgeBands: [{ min: 6, max: 10, birthDate: '2010-05-01' }],
        }),
      ),
    ).toEqual([['childAgeBands.0', 'unrecognized_keys']]);
  });

  it('refuses a child’s name in a patch or a bulk upsert too', () => {
    expect(issues(ContactPatch.safeParse({ childName: 'x' }))).toEqual([['', 'unrecognized_keys']]);
    expect(
      issues(
        ContactBulkInput.safeParse({ contacts: [{ ...base, externalRef: 'p-1', childName: 'x' }] }),
      ),
    ).toEqual([['contacts.0', 'unrecognized_keys']]);
  });
});

describe('ContactPatch', () => {
  it('applies no defaults: an empty patch changes nothing', () => {
    expect(ContactPatch.parse({})).toEqual({});
    expect(ContactPatch.parse({ language: 'RU' })).toEqual({ language: 'ru' });
  });

  it('clears optional fields with null', () => {
    expect(ContactPatch.parse({ externalRef: null, displayName: null })).toEqual({
      externalRef: null,
      displayName: null,
    });
  });

  it('normalises and checks addresses like ContactInput', () => {
    expect(ContactPatch.parse({ addresses: { phone: '+7 701 234 56 78' } })).toEqual({
      addresses: { phone: '+77012345678' },
    });
    expect(issues(ContactPatch.safeParse({ addresses: { phone: '123' } }))).toEqual([
      ['addresses.phone', 'invalid_phone_number'],
    ]);
  });
});

describe('ContactBulkInput', () => {
  it('requires externalRef on every contact, since bulk upserts match on it', () => {
    expect(issues(ContactBulkInput.safeParse({ contacts: [base] }))).toEqual([
      ['contacts.0.externalRef', 'invalid_type'],
    ]);
    const parsed = ContactBulkInput.parse({ contacts: [{ ...base, externalRef: 'p-1' }] });
    expect(parsed.contacts[0]?.externalRef).toBe('p-1');
  });

  it('takes 1 to 1000 contacts', () => {
    expect(issues(ContactBulkInput.safeParse({ contacts: [] }))).toEqual([
      ['contacts', 'too_small'],
    ]);
    const many = Array.from({ length: 1001 }, (_, i) => ({ ...base, externalRef: `p-${i}` }));
    expect(issues(ContactBulkInput.safeParse({ contacts: many }))).toEqual([
      ['contacts', 'too_big'],
    ]);
    expect(ContactBulkInput.parse({ contacts: many.slice(0, 1000) }).contacts).toHaveLength(1000);
  });
});

describe('isReachable and CHANNEL_ADDRESS', () => {
  it('maps every channel to its address field, and websocket to none', () => {
    expect(CHANNEL_ADDRESS).toEqual({
      whatsapp: 'whatsapp',
      sms: 'phone',
      email: 'email',
      telegram: 'telegram',
      websocket: null,
      zalo: 'zalo',
    });
  });

  it('takes a Zalo user id or an E.164 phone as the Zalo address, told apart by the +', () => {
    const zalo = (value: string) => AddressesInput.safeParse({ zalo: value });
    expect(zalo('4572947693969771653')).toMatchObject({ data: { zalo: '4572947693969771653' } });
    expect(zalo('+84 91 234 56 78')).toMatchObject({ data: { zalo: '+84912345678' } });
    expect(zalo('84912345678')).toMatchObject({ data: { zalo: '84912345678' } });
    for (const wrong of ['', '@parent', '+84 12', '12345678901234567890123456']) {
      expect(zalo(wrong).success).toBe(false);
    }
  });

  it('needs both the address and granted consent', () => {
    const addresses = { phone: '+77012345678' };
    expect(isReachable({ addresses, consents: { sms: GRANTED } }, 'sms')).toBe(true);
    expect(isReachable({ addresses, consents: {} }, 'sms')).toBe(false);
    expect(isReachable({ addresses: {}, consents: { sms: GRANTED } }, 'sms')).toBe(false);
    expect(
      isReachable({ addresses, consents: { sms: { ...GRANTED, status: 'revoked' } } }, 'sms'),
    ).toBe(false);
    expect(isReachable({ addresses: {}, consents: { websocket: GRANTED } }, 'websocket')).toBe(
      true,
    );
  });
});
