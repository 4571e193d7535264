import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../locale/language.schema.js';
import { ROLES } from './contact.schema.js';
import { IMPORT_FIELDS, IMPORT_ROW_CODES } from './contact-import.schema.js';
import {
  guessImportColumn,
  importRowMessage,
  parseAgeBandsCell,
  parseConsentCell,
  parseLanguageCell,
  parseRoleCell,
} from './import-vocabulary.js';

/** Headers as real exports write them, by the field they name (issue 16). */
const HEADERS: Record<string, readonly string[]> = {
  phone: [
    'Телефон',
    'Тел.',
    'Номер телефона',
    'Мобильный',
    'Контактный телефон родителя',
    'Телефон нөмірі',
    'Телефон номiрi',
    'Ұялы телефон',
    'Số điện thoại',
    'SĐT',
    'Điện thoại',
    'So dien thoai',
    'Phone',
    'Mobile',
    'Phone number',
    "Parent's phone",
  ],
  whatsapp: ['WhatsApp', 'Ватсап', 'Номер WhatsApp', 'Số WhatsApp', 'Whats App'],
  email: [
    'E-mail',
    'Эл. почта',
    'Электронная почта',
    'Электрондық пошта',
    'Email',
    'Thư điện tử',
    'Email address',
  ],
  displayName: [
    'ФИО',
    'Ф.И.О.',
    'ФИО родителя',
    'ФИО родителя ученика',
    'Имя',
    'Аты-жөні',
    'Ата-ананың аты-жөні',
    'Họ và tên',
    'Họ tên phụ huynh',
    'Họ tên phụ huynh học sinh',
    'Name',
    'Full name',
    "Parent's name",
  ],
  role: ['Роль', 'Рөлі', 'Vai trò', 'Role', 'Должность', 'Chức vụ'],
  language: ['Язык', 'Язык общения', 'Тілі', 'Ngôn ngữ', 'Language'],
  organisation: [
    'Школа',
    'Организация',
    'Мектеп',
    'Ұйым',
    'Trường',
    'Đơn vị',
    'Organisation',
    'Organization',
    'School',
    'Tên trường',
    'Код школы',
    'Название организации',
  ],
  externalRef: ['Код', 'ID', 'Внешний код', 'Mã', 'External ref', 'External ID'],
  childAgeBands: [
    'Возраст детей',
    'Балалардың жасы',
    'Độ tuổi của con',
    "Children's ages",
    'Age bands',
    'Возраст ребенка',
  ],
  timeZone: ['Часовой пояс', 'Múi giờ', 'Time zone', 'Уақыт белдеуі'],
  telegram: ['Telegram', 'Телеграм', 'Telegram username', 'Имя пользователя Telegram'],
  zalo: ['Zalo', 'Số Zalo', 'SĐT Zalo', 'Số điện thoại Zalo', 'Zalo ID', 'Номер Zalo', 'Зало'],
  'consent.whatsapp': [
    'Согласие WhatsApp',
    'consent.whatsapp',
    'WhatsApp consent',
    'Đồng ý WhatsApp',
  ],
  'consent.sms': ['Согласие на SMS', 'Келісім SMS', 'SMS consent', 'Consent SMS'],
  'consent.email': ['Согласие на e-mail', 'Email consent'],
  'consent.telegram': ['Согласие Telegram'],
  'consent.zalo': ['Đồng ý Zalo', 'Đồng ý nhận tin Zalo', 'Согласие Zalo', 'Zalo consent'],
  child_data: [
    'ФИО ученика',
    'ФИО ребенка',
    'ФИО ребёнка',
    'Дата рождения',
    'Дата рождения ребенка',
    'Год рождения',
    'Д.Р.',
    'Баланың аты-жөні',
    'Оқушының аты-жөні',
    'Туған күні',
    'Họ tên học sinh',
    'Họ và tên học sinh',
    'Tên con',
    'Ngày sinh',
    'Năm sinh',
    'Student name',
    'Child’s name',
    'Date of birth',
    'Birth date',
    'DOB',
    'Ученик',
    'Học sinh',
    'Телефон ученика',
  ],
};

const NOTHING = [
  'Đồng ý Viber',
  'Согласие на обработку персональных данных',
  '№',
  'STT',
  'Класс',
  'Примечание',
  'Ghi chú',
  'Возраст',
  '',
  '   ',
  'Дата рождения родителя',
];

describe('guessImportColumn', () => {
  for (const [field, headers] of Object.entries(HEADERS)) {
    it(`reads ${headers.length} headers as ${field}`, () => {
      expect(Object.fromEntries(headers.map((h) => [h, guessImportColumn(h)]))).toEqual(
        Object.fromEntries(headers.map((h) => [h, field])),
      );
    });
  }

  it('reads nothing from headers that name no field, a channel Safenet lacks, or an adult’s birth date', () => {
    expect(NOTHING.map(guessImportColumn)).toEqual(NOTHING.map(() => null));
  });

  it('maps every field name, as the export writes it, to itself — in any case', () => {
    for (const field of IMPORT_FIELDS) {
      expect(guessImportColumn(field)).toBe(field);
      expect(guessImportColumn(` ${field.toUpperCase()} `)).toBe(field);
    }
  });

  it('forgives case, spaces, punctuation and Vietnamese in NFC or NFD', () => {
    for (const header of ['Số điện thoại', 'Họ tên học sinh', 'Độ tuổi của con', 'Múi giờ']) {
      const nfd = header.normalize('NFD');
      expect(nfd).not.toBe(header);
      expect(guessImportColumn(nfd)).toBe(guessImportColumn(header));
      expect(guessImportColumn(`  ${header.toUpperCase()}:`)).toBe(guessImportColumn(header));
    }
  });
});

describe('parseRoleCell', () => {
  const cases: [string, string][] = [
    ['родитель', 'parent'],
    ['Родители', 'parent'],
    ['ата-ана', 'parent'],
    ['Phụ huynh', 'parent'],
    ['parent', 'parent'],
    ['учитель', 'teacher'],
    ['учитель математики', 'teacher'],
    ['педагог', 'teacher'],
    ['Классный руководитель', 'teacher'],
    ['мұғалім', 'teacher'],
    ['giáo viên', 'teacher'],
    ['Teacher', 'teacher'],
    ['директор', 'school_head'],
    ['Hiệu trưởng', 'school_head'],
    ['School_Head', 'school_head'],
    ['школьный психолог', 'psychologist'],
    ['педагог-психолог', 'psychologist'],
    ['Psychologist', 'psychologist'],
    ['чиновник', 'official'],
    ['OFFICIAL', 'official'],
    ['Cán bộ', 'official'],
    ['специалист', 'specialist'],
    ['chuyên viên', 'specialist'],
    ['маман', 'specialist'],
  ];
  it('reads roles in ru/kk/vi/en words and every role code in any case', () => {
    expect(cases.map(([cell]) => parseRoleCell(cell))).toEqual(
      cases.map(([, value]) => ({ value })),
    );
    for (const role of ROLES) expect(parseRoleCell(role.toUpperCase())).toEqual({ value: role });
  });
  it('says nothing for an empty cell and refuses an unknown role', () => {
    expect(parseRoleCell('  ')).toEqual({ value: null });
    expect(parseRoleCell('водитель')).toEqual({ code: 'role_invalid' });
    expect(parseRoleCell('ученик')).toEqual({ code: 'role_invalid' });
  });
});

describe('parseLanguageCell', () => {
  const cases: [string, string][] = [
    ['ru', 'ru'],
    ['RU', 'ru'],
    ['русский', 'ru'],
    ['орыс', 'ru'],
    ['tiếng Nga', 'ru'],
    ['kk', 'kk'],
    ['казахский', 'kk'],
    ['қазақ', 'kk'],
    ['Қазақша', 'kk'],
    ['kk-KZ', 'kk'],
    ['vi', 'vi'],
    ['вьетнамский', 'vi'],
    ['tiếng Việt', 'vi'],
    ['Tie\u0302\u0301ng Vie\u0323\u0302t', 'vi'],
    ['Vietnamese', 'vi'],
    ['en', 'en'],
    ['английский', 'en'],
    ['English', 'en'],
    ['tiếng Anh', 'en'],
    ['рус/каз', 'ru'],
  ];
  it('reads codes and language names in ru/kk/vi/en', () => {
    expect(cases.map(([cell]) => parseLanguageCell(cell))).toEqual(
      cases.map(([, value]) => ({ value })),
    );
  });
  it('says nothing for an empty cell and refuses another language', () => {
    expect(parseLanguageCell('')).toEqual({ value: null });
    expect(parseLanguageCell('deutsch')).toEqual({ code: 'language_invalid' });
    expect(parseLanguageCell('fr')).toEqual({ code: 'language_invalid' });
  });
});

describe('parseAgeBandsCell', () => {
  it('reads bands as people write them', () => {
    expect(parseAgeBandsCell('6-10; 11-14')).toEqual({
      value: [
        { min: 6, max: 10 },
        { min: 11, max: 14 },
      ],
    });
    expect(parseAgeBandsCell('6–10')).toEqual({ value: [{ min: 6, max: 10 }] });
    expect(parseAgeBandsCell('7')).toEqual({ value: [{ min: 7, max: 7 }] });
    expect(parseAgeBandsCell('6-10 лет')).toEqual({ value: [{ min: 6, max: 10 }] });
    expect(parseAgeBandsCell('6 - 10 tuổi')).toEqual({ value: [{ min: 6, max: 10 }] });
    expect(parseAgeBandsCell('от 6 до 10 лет')).toEqual({ value: [{ min: 6, max: 10 }] });
    expect(parseAgeBandsCell('0-17, 3')).toEqual({
      value: [
        { min: 0, max: 17 },
        { min: 3, max: 3 },
      ],
    });
    expect(parseAgeBandsCell('  ')).toEqual({ value: [] });
  });
  it('refuses ages outside 0–17, a reversed band, words without numbers and more than 10 bands', () => {
    const invalid = [
      '18',
      '6-18',
      '10-6',
      'младшие',
      '6-10-12',
      '-3',
      Array(11).fill('7').join(';'),
    ];
    expect(invalid.map(parseAgeBandsCell)).toEqual(
      invalid.map(() => ({ code: 'age_band_invalid' })),
    );
    expect(parseAgeBandsCell(Array(10).fill('7').join(';'))).toHaveProperty('value');
  });
});

describe('parseConsentCell', () => {
  it('reads granted and revoked answers in ru/kk/vi/en', () => {
    const granted = ['granted', 'yes', 'Да', 'иә', 'có', '1', 'x', '✓', 'Đồng ý', 'Co'];
    const revoked = ['revoked', 'no', 'Нет', 'жоқ', 'không', '0', '-', 'Không đồng ý'];
    expect(granted.map(parseConsentCell)).toEqual(granted.map(() => ({ value: 'granted' })));
    expect(revoked.map(parseConsentCell)).toEqual(revoked.map(() => ({ value: 'revoked' })));
  });
  it('says nothing for an empty cell and refuses anything else', () => {
    expect(parseConsentCell(' ')).toEqual({ value: null });
    expect(parseConsentCell('maybe')).toEqual({ code: 'consent_value_invalid' });
    expect(parseConsentCell('2')).toEqual({ code: 'consent_value_invalid' });
  });
});

describe('importRowMessage', () => {
  it('has one sentence per code and language, each different and quoting the value', () => {
    for (const lang of LANGUAGES) {
      const messages = IMPORT_ROW_CODES.map((code) => importRowMessage(code, lang));
      expect(new Set(messages).size).toBe(messages.length);
      for (const message of messages) expect(message).toMatch(/^\p{Lu}.*\.$/u);
    }
    expect(importRowMessage('invalid_phone_number', 'ru', '8 701 234')).toContain('«8 701 234»');
    expect(importRowMessage('invalid_phone_number', 'vi', '+7 123')).toContain('“+7 123”');
    expect(importRowMessage('role_invalid', 'kk', 'x'.repeat(100))).toContain(
      `«${'x'.repeat(39)}…»`,
    );
  });
  it('speaks the reader’s language', () => {
    expect(importRowMessage('no_address', 'kk')).toMatch(/[әғқңөұүһі]/);
    expect(importRowMessage('no_address', 'vi')).toMatch(/[ạảấầẩẫậắằẳẵặđ]/);
    expect(importRowMessage('no_address', 'ru')).toMatch(/[а-я]/);
    expect(importRowMessage('no_address', 'en')).toMatch(/^[\x20-\x7e]+$/);
  });
});
