import { LANGUAGES, type Language } from '../locale/language.schema.js';
import { type AgeBand, ROLES, type Role } from './contact.schema.js';
import {
  IMPORT_CONSENT_CHANNELS,
  IMPORT_FIELDS,
  type ImportField,
  type ImportRowCode,
} from './contact-import.schema.js';

/**
 * The words of the spreadsheets ministries, schools and parents' associations really keep
 * (issue 16): which field a column's header names, and what a cell's words mean. Written for
 * Russian, Kazakh, Vietnamese and English exports as people type them — abbreviated ("Тел.",
 * "SĐT"), without Kazakh letters ("Телефон номiрi") or Vietnamese diacritics ("So dien
 * thoai") — so a guess needs no configuration. A guess is only a proposal: the import shows
 * it, and a given or saved mapping wins.
 */

/**
 * Text as words to compare: NFD without combining marks (so NFC and NFD Vietnamese, `ё` and
 * `е`, `й` and `и` agree), `đ` as `d`, Kazakh letters as their Russian look-alikes (people
 * type `нөмірі` as `номири`), lower case, split on anything not a letter or a digit.
 */
function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[đәғқңөұүһі]/g, (c) => KAZAKH_FOLD[c] ?? c)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}
const KAZAKH_FOLD: Record<string, string> = {
  đ: 'd',
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
};

/**
 * A list of phrases as matchers. A phrase is words separated by spaces, each matched whole or,
 * ending in `*`, as a word's beginning (`телефон*` is also `телефона`); a phrase matches a
 * run of consecutive words of the text.
 */
function phrases(...list: string[]): (text: string[]) => boolean {
  const compiled = list.map((phrase) =>
    phrase.split(' ').map((word) => {
      const stem = word.endsWith('*');
      const [norm = ''] = words(stem ? word.slice(0, -1) : word);
      return (candidate: string) => (stem ? candidate.startsWith(norm) : candidate === norm);
    }),
  );
  return (text) =>
    compiled.some((phrase) =>
      text.some((_, start) => phrase.every((match, i) => match(text[start + i] ?? ''))),
    );
}

const CHILD = phrases(
  'ученик*',
  'учащ*',
  'школьник*',
  'ребенк*',
  'ребенок',
  'дет*',
  'сын*',
  'доч*',
  'бала*',
  'окушы*',
  'hoc sinh',
  'con',
  'tre',
  'student*',
  'pupil*',
  'child*',
  'kid*',
  'son',
  'daughter*',
);
const PARENT = phrases(
  'родител*',
  'представител*',
  'мать',
  'матери',
  'отец',
  'отца',
  'мама',
  'папа',
  'ата ана*',
  'атаана*',
  'phu huynh',
  'cha',
  'me',
  'bo me',
  'parent*',
  'guardian*',
  'mother*',
  'father*',
);
const PERSON_NAME = phrases(
  'фио',
  'ф и о',
  'имя',
  'фамилия',
  'отчество',
  'аты',
  'аты жони',
  'теги',
  'ho',
  'ten',
  'hoten',
  'name',
  'fullname',
  'surname',
);
const BIRTH = phrases(
  'рожд*',
  'др',
  'д р',
  'туган*',
  'ngay sinh',
  'nam sinh',
  'sinh nhat',
  'birth*',
  'dob',
  'born',
);
const AGE = phrases('возраст*', 'жас', 'жасы', 'жастары', 'tuoi', 'age', 'ages');
const AGE_BANDS = phrases('age band*', 'age group*', 'возрастн* групп*', 'возрастн* категор*');
const CONSENT = phrases('согласи*', 'келисим*', 'dong y', 'consent*', 'opt in');
const WHATSAPP = phrases('whatsapp*', 'whats app', 'ватсап*', 'вотсап*', 'вацап*', 'уатсап*');
const TELEGRAM = phrases('telegram*', 'телеграм*', 'tg');
const ZALO = phrases('zalo*', 'зало');
const SMS = phrases('sms', 'смс');
const EMAIL = phrases(
  'email*',
  'e mail*',
  'mail',
  'почт*',
  'пошт*',
  'эл почт*',
  'электрон*',
  'thu dien tu',
);

/**
 * Field rules in order: the first that matches wins, so a WhatsApp number is not a phone and
 * a school's name is not a person's.
 */
const FIELD_RULES: readonly (readonly [ImportField, (text: string[]) => boolean])[] = [
  ['whatsapp', WHATSAPP],
  ['telegram', TELEGRAM],
  ['zalo', ZALO],
  ['email', EMAIL],
  ['childAgeBands', (text) => AGE_BANDS(text) || (AGE(text) && (CHILD(text) || PARENT(text)))],
  [
    'timeZone',
    phrases(
      'часов* пояс*',
      'пояс',
      'уакыт белдеу*',
      'белдеу*',
      'mui gio',
      'time zone*',
      'timezone*',
      'tz',
    ),
  ],
  ['language', phrases('язык*', 'тил', 'тили', 'ngon ngu', 'language*', 'lang')],
  ['role', phrases('рол*', 'должност*', 'лауазым*', 'vai tro', 'chuc vu', 'role*', 'position')],
  [
    'phone',
    phrases(
      'телефон*',
      'тел',
      'моб',
      'мобильн*',
      'сотов*',
      'уялы',
      'номир*',
      'dien thoai',
      'dt',
      'sdt',
      'di dong',
      'phone*',
      'telephone*',
      'tel',
      'mobile*',
      'mob',
      'cell*',
    ),
  ],
  [
    'organisation',
    phrases(
      'школ*',
      'организац*',
      'учрежден*',
      'мектеп*',
      'уйым*',
      'truong',
      'don vi',
      'organisation*',
      'organization*',
      'org',
      'school*',
      'institution*',
    ),
  ],
  [
    'externalRef',
    phrases(
      'код',
      'коды',
      'id',
      'идентификатор*',
      'ma',
      'ma so',
      'external ref*',
      'external id',
      'ref',
      'reference',
    ),
  ],
  ['displayName', PERSON_NAME],
];

/** Field names as one word each (`consentwhatsapp`), for headers the export itself wrote. */
const FIELD_BY_NAME = new Map<string, ImportField>(
  IMPORT_FIELDS.map((field) => [words(field).join(''), field]),
);

/**
 * The field a column's header names, `'child_data'` for a child's name, birth date or own
 * contact (never read: Safenet stores no child's name or birth date), or `null` when the
 * header names nothing the import reads. Case, spaces, punctuation, Vietnamese diacritics
 * (NFC or NFD) and Kazakh letters typed as Russian ones are forgiven; the field names
 * themselves (`phone`, `consent.sms`) always map to themselves.
 *
 * A column about a child that also names the parent ("ФИО родителя ученика", "Phone of the
 * pupil's parent") is the parent's; a consent column names a channel ("Đồng ý Zalo") or is
 * not read ("Согласие на обработку персональных данных").
 *
 * @example
 * guessImportColumn('Номер телефона'); // 'phone'
 * guessImportColumn('Họ tên học sinh'); // 'child_data'
 * guessImportColumn('Согласие WhatsApp'); // 'consent.whatsapp'
 * guessImportColumn('Số điện thoại Zalo'); // 'zalo'
 */
export function guessImportColumn(header: string): ImportField | 'child_data' | null {
  const text = words(header);
  const exact = FIELD_BY_NAME.get(text.join(''));
  if (exact) return exact;
  if (CONSENT(text)) {
    const channel = IMPORT_CONSENT_CHANNELS.find((c) => CHANNEL_WORDS[c](text));
    return channel ? `consent.${channel}` : null;
  }
  const parent = PARENT(text);
  if (BIRTH(text)) return parent ? null : 'child_data';
  if (CHILD(text) && !parent) return AGE(text) ? 'childAgeBands' : 'child_data';
  return FIELD_RULES.find(([, matches]) => matches(text))?.[0] ?? null;
}
const CHANNEL_WORDS = {
  whatsapp: WHATSAPP,
  sms: SMS,
  email: EMAIL,
  telegram: TELEGRAM,
  zalo: ZALO,
};

/** A cell read as a value, or the reason the row is rejected. */
export type CellResult<T> = { value: T } | { code: ImportRowCode };

/**
 * Roles by the words a spreadsheet uses for them, in order: a school psychologist
 * ("педагог-психолог") is a psychologist, not a teacher; a deputy head is a school head.
 */
const ROLE_RULES: readonly (readonly [Role, (text: string[]) => boolean])[] = [
  ['psychologist', phrases('психолог*', 'tam ly', 'psycholog*', 'counsel*')],
  [
    'school_head',
    phrases(
      'директор*',
      'завуч*',
      'заведующ*',
      'hieu truong',
      'hieu pho',
      'school head',
      'head teacher',
      'headteacher',
      'principal',
      'headmaster',
      'headmistress',
    ),
  ],
  [
    'teacher',
    phrases(
      'учител*',
      'педагог*',
      'преподават*',
      'классн* руковод*',
      'мугалим*',
      'сынып жетекш*',
      'окытушы*',
      'giao vien',
      'gv',
      'gvcn',
      'teacher*',
      'tutor',
    ),
  ],
  ['specialist', phrases('специалист*', 'маман*', 'chuyen vien', 'specialist*')],
  [
    'official',
    phrases('чиновник*', 'госслужащ*', 'шенеуник*', 'мемлекеттик кызметши*', 'can bo', 'official*'),
  ],
  ['parent', PARENT],
];

const ROLE_BY_NAME = new Map<string, Role>(ROLES.map((role) => [words(role).join(''), role]));

/**
 * A role cell: a role code in any case (`School_Head`), or the words for it in ru/kk/vi/en
 * ("родитель", "ата-ана", "phụ huynh", "учитель математики", "giáo viên", "директор",
 * "педагог-психолог", "chuyên viên", "чиновник"). Empty → `null` (the column says nothing
 * for this row); anything else → `role_invalid`.
 */
export function parseRoleCell(cell: string): CellResult<Role | null> {
  const text = words(cell);
  if (text.length === 0) return { value: null };
  const role = ROLE_BY_NAME.get(text.join('')) ?? ROLE_RULES.find(([, m]) => m(text))?.[0];
  return role ? { value: role } : { code: 'role_invalid' };
}

/** Words that name a language; "tiếng" ("language of") and the like are passed over. */
const LANGUAGE_WORDS: Record<Language, (text: string[]) => boolean> = {
  ru: phrases('ru', 'rus', 'рус*', 'орыс*', 'nga', 'russian'),
  kk: phrases('kk', 'kaz', 'каз*', 'kazakh*', 'kazak*'),
  vi: phrases('vi', 'vie', 'вьетнам*', 'въетнам*', 'viet*'),
  en: phrases('en', 'eng', 'english', 'англ*', 'агылшын*', 'anh'),
};

/**
 * A language cell: a code (`ru`, `KK`, `vi-VN`) or a language's name in ru/kk/vi/en
 * ("русский", "қазақша", "tiếng Việt", "English"). A cell naming two ("рус/каз") reads as the
 * first. Empty → `null`; anything else → `language_invalid`.
 */
export function parseLanguageCell(cell: string): CellResult<Language | null> {
  const text = words(cell);
  if (text.length === 0) return { value: null };
  for (const word of text) {
    const found = LANGUAGES.find((language) => LANGUAGE_WORDS[language]([word]));
    if (found) return { value: found };
  }
  return { code: 'language_invalid' };
}

/** At most this many age bands per contact (`ContactInput.childAgeBands`). */
const MAX_AGE_BANDS = 10;

/** A band as written: `6-10`, `6 – 10`, `7`, with its unit ("лет", "жас", "tuổi") dropped. */
const BAND = /^(\d{1,2})(?:\s*[-–—‒−]\s*(\d{1,2}))?$/;

/**
 * An age-bands cell: bands separated by `;`, `,`, `/` or line breaks — `6-10; 11-14`, `6–10`,
 * `7`, `6-10 лет`, `6 - 10 tuổi`, `от 6 до 10`. Whole years 0–17, at most 10 bands; empty →
 * `[]`; anything else → `age_band_invalid`.
 */
export function parseAgeBandsCell(cell: string): CellResult<AgeBand[]> {
  const parts = cell
    .normalize('NFC')
    .split(/[;,/\n]/)
    .filter((part) => part.trim() !== '')
    .map((part) =>
      part
        .toLowerCase()
        .replace(/(?<!\p{L})(до|to|đến|den|дейін)(?!\p{L})/gu, '-')
        .replace(/[\p{L}.]+/gu, ' ')
        .trim(),
    );
  if (parts.length > MAX_AGE_BANDS) return { code: 'age_band_invalid' };
  const bands: AgeBand[] = [];
  for (const part of parts) {
    const match = BAND.exec(part);
    if (!match) return { code: 'age_band_invalid' };
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : Number(match[2]);
    if (min > max || max > 17) return { code: 'age_band_invalid' };
    bands.push({ min, max });
  }
  return { value: bands };
}

/** Consent answers after {@link words} (so `có` is `co`, `жоқ` is `жок`), joined by spaces. */
const answers = (...list: string[]) => new Set(list.map((answer) => words(answer).join(' ')));
const GRANTED = answers(
  'granted',
  'yes',
  'y',
  'true',
  'да',
  'д',
  'согласен',
  'согласна',
  'да согласен',
  'да согласна',
  'иә',
  'ия',
  'иа',
  'келісемін',
  'có',
  'đồng ý',
  'x',
  'х',
  '1',
);
const REVOKED = answers(
  'revoked',
  'no',
  'n',
  'false',
  'нет',
  'н',
  'не согласен',
  'не согласна',
  'отказ',
  'жоқ',
  'келіспеймін',
  'không',
  'không đồng ý',
  '0',
);

/**
 * A consent cell: granted (`granted`, `yes`, `да`, `иә`, `có`, `1`, `x`, `✓`) or revoked
 * (`revoked`, `no`, `нет`, `жоқ`, `không`, `0`, `-`); empty → `null` (the import's own
 * consent statement decides); anything else → `consent_value_invalid`.
 */
export function parseConsentCell(cell: string): CellResult<'granted' | 'revoked' | null> {
  const trimmed = cell.trim();
  if (trimmed === '') return { value: null };
  if (/^[✓✔☑+]$/u.test(trimmed)) return { value: 'granted' };
  if (/^[-–—✗✘]$/u.test(trimmed)) return { value: 'revoked' };
  const text = words(trimmed).join(' ');
  if (GRANTED.has(text)) return { value: 'granted' };
  if (REVOKED.has(text)) return { value: 'revoked' };
  return { code: 'consent_value_invalid' };
}

/** A cell's value as a message quotes it: at most 40 characters. */
const quoted = (detail: string, open: string, close: string) =>
  `${open}${detail.length > 40 ? `${detail.slice(0, 39)}…` : detail}${close}`;

type RowMessages = Record<ImportRowCode, (value: string) => string>;

/**
 * What to fix, per code and language; `value` is the quoted cell with a leading space, or
 * nothing. Written as the hub's other texts for people are (report-nudge.texts.ts): plain,
 * polite, the fix first.
 */
const ROW_MESSAGES: Record<Language, RowMessages> = {
  en: {
    key_missing: () =>
      'The column the import matches rows on (external id, phone or email) is empty in this row: fill it in, or choose another key.',
    duplicate_key: (v) =>
      `Another row of the file has the same key${v}: keep one of the two rows, or give each its own.`,
    role_invalid: (v) =>
      `The role${v} is not one Safenet knows: write parent, teacher, school head, psychologist, official or specialist.`,
    language_invalid: (v) =>
      `The language${v} is not one Safenet speaks: write ru, kk, vi or en (Russian, Kazakh, Vietnamese, English).`,
    invalid_phone_number: (v) =>
      `The phone number${v} cannot be read: write it in full with its country code, e.g. +7 701 234 5678 or +84 912 345 678.`,
    email_invalid: (v) => `The email address${v} is not valid: write it as name@example.org.`,
    telegram_invalid: (v) =>
      `The Telegram address${v} is not valid: write a @username (5–32 letters, digits or _) or a numeric chat id.`,
    zalo_invalid: (v) =>
      `The Zalo address${v} cannot be read: write the parent's Vietnamese phone number (e.g. 0912 345 678 or +84 912 345 678) or their Zalo user id (16 to 24 digits).`,
    time_zone_invalid: (v) =>
      `The time zone${v} is unknown: write one such as Asia/Almaty or Asia/Ho_Chi_Minh, or leave the cell empty.`,
    age_band_invalid: (v) =>
      `The children's ages${v} cannot be read: write whole years from 0 to 17 as ranges, e.g. 6-10; 11-14 (at most 10).`,
    consent_value_invalid: (v) =>
      `The consent answer${v} cannot be read: write yes or no, or leave the cell empty.`,
    organisation_unknown: (v) =>
      `No organisation you manage has the name, code or id${v}: check the spelling, or create the organisation first.`,
    value_too_long: (v) => `The value${v} is too long: shorten it to at most 200 characters.`,
    no_address: () =>
      'The row has no phone, WhatsApp, email, Telegram or Zalo address: add at least one, or the contact cannot be reached.',
  },
  ru: {
    key_missing: () =>
      'В строке не заполнен столбец, по которому импорт сопоставляет строки (внешний код, телефон или e-mail): заполните его или выберите другой ключ.',
    duplicate_key: (v) =>
      `В файле есть другая строка с тем же ключом${v}: оставьте одну из двух строк или дайте каждой свой ключ.`,
    role_invalid: (v) =>
      `Роль${v} не распознана: укажите родитель, учитель, директор, психолог, чиновник или специалист.`,
    language_invalid: (v) =>
      `Язык${v} не поддерживается: укажите ru, kk, vi или en (русский, казахский, вьетнамский, английский).`,
    invalid_phone_number: (v) =>
      `Номер телефона${v} не распознан: укажите его полностью, с кодом страны, например +7 701 234 5678 или +84 912 345 678.`,
    email_invalid: (v) => `Адрес e-mail${v} указан неверно: запишите его в виде name@example.org.`,
    telegram_invalid: (v) =>
      `Адрес Telegram${v} указан неверно: укажите @имя_пользователя (5–32 латинские буквы, цифры или _) или числовой id чата.`,
    zalo_invalid: (v) =>
      `Адрес Zalo${v} не распознан: укажите вьетнамский номер телефона (например, 0912 345 678 или +84 912 345 678) или id пользователя Zalo (от 16 до 24 цифр).`,
    time_zone_invalid: (v) =>
      `Часовой пояс${v} неизвестен: укажите, например, Asia/Almaty или Asia/Ho_Chi_Minh либо оставьте ячейку пустой.`,
    age_band_invalid: (v) =>
      `Возраст детей${v} не распознан: укажите полные годы от 0 до 17 диапазонами, например 6-10; 11-14 (не больше 10).`,
    consent_value_invalid: (v) =>
      `Ответ о согласии${v} не распознан: укажите да или нет либо оставьте ячейку пустой.`,
    organisation_unknown: (v) =>
      `Среди ваших организаций нет организации с названием, кодом или id${v}: проверьте написание или сначала создайте организацию.`,
    value_too_long: (v) => `Значение${v} слишком длинное: сократите его до 200 символов.`,
    no_address: () =>
      'В строке нет ни телефона, ни WhatsApp, ни e-mail, ни Telegram, ни Zalo: добавьте хотя бы один адрес, иначе контакту нельзя написать.',
  },
  kk: {
    key_missing: () =>
      'Жолда импорт жолдарды салыстыратын баған (сыртқы код, телефон немесе e-mail) толтырылмаған: оны толтырыңыз немесе басқа кілтті таңдаңыз.',
    duplicate_key: (v) =>
      `Файлда кілті${v} бірдей басқа жол бар: екі жолдың біреуін қалдырыңыз немесе әрқайсысына өз кілтін беріңіз.`,
    role_invalid: (v) =>
      `Рөл${v} танылмады: ата-ана, мұғалім, мектеп директоры, психолог, шенеунік немесе маман деп жазыңыз.`,
    language_invalid: (v) =>
      `Тіл${v} қолдау көрсетілмейді: ru, kk, vi немесе en (орыс, қазақ, вьетнам, ағылшын) деп жазыңыз.`,
    invalid_phone_number: (v) =>
      `Телефон нөмірі${v} танылмады: оны ел кодымен толық жазыңыз, мысалы +7 701 234 5678 немесе +84 912 345 678.`,
    email_invalid: (v) => `E-mail мекенжайы${v} қате: оны name@example.org түрінде жазыңыз.`,
    telegram_invalid: (v) =>
      `Telegram мекенжайы${v} қате: @пайдаланушы_аты (5–32 латын әрпі, сан немесе _) не чаттың сандық id-ін жазыңыз.`,
    zalo_invalid: (v) =>
      `Zalo мекенжайы${v} танылмады: Вьетнамның телефон нөмірін (мысалы 0912 345 678 немесе +84 912 345 678) не Zalo пайдаланушысының id-ін (16–24 сан) жазыңыз.`,
    time_zone_invalid: (v) =>
      `Уақыт белдеуі${v} белгісіз: мысалы Asia/Almaty немесе Asia/Ho_Chi_Minh деп жазыңыз не ұяшықты бос қалдырыңыз.`,
    age_band_invalid: (v) =>
      `Балалардың жасы${v} танылмады: 0-ден 17-ге дейінгі толық жылдарды аралықпен жазыңыз, мысалы 6-10; 11-14 (10-нан аспасын).`,
    consent_value_invalid: (v) =>
      `Келісім туралы жауап${v} танылмады: иә немесе жоқ деп жазыңыз не ұяшықты бос қалдырыңыз.`,
    organisation_unknown: (v) =>
      `Сіздің ұйымдарыңыздың арасында атауы, коды немесе id-і${v} болатын ұйым жоқ: жазылуын тексеріңіз немесе алдымен ұйымды құрыңыз.`,
    value_too_long: (v) => `Мән${v} тым ұзын: оны 200 таңбаға дейін қысқартыңыз.`,
    no_address: () =>
      'Жолда телефон да, WhatsApp та, e-mail да, Telegram да, Zalo да жоқ: кемінде біреуін қосыңыз, әйтпесе контактіге хабар жіберу мүмкін емес.',
  },
  vi: {
    key_missing: () =>
      'Dòng này để trống cột dùng để đối chiếu (mã ngoài, số điện thoại hoặc email): hãy điền vào, hoặc chọn khóa khác.',
    duplicate_key: (v) =>
      `Tệp có một dòng khác cùng khóa${v}: hãy giữ lại một trong hai dòng, hoặc cho mỗi dòng một khóa riêng.`,
    role_invalid: (v) =>
      `Vai trò${v} không hợp lệ: hãy ghi phụ huynh, giáo viên, hiệu trưởng, chuyên viên tâm lý, cán bộ hoặc chuyên viên.`,
    language_invalid: (v) =>
      `Ngôn ngữ${v} không được hỗ trợ: hãy ghi ru, kk, vi hoặc en (tiếng Nga, tiếng Kazakh, tiếng Việt, tiếng Anh).`,
    invalid_phone_number: (v) =>
      `Không đọc được số điện thoại${v}: hãy ghi đầy đủ kèm mã quốc gia, ví dụ +84 912 345 678 hoặc +7 701 234 5678.`,
    email_invalid: (v) => `Địa chỉ email${v} không hợp lệ: hãy ghi theo dạng name@example.org.`,
    telegram_invalid: (v) =>
      `Địa chỉ Telegram${v} không hợp lệ: hãy ghi @tên_người_dùng (5–32 chữ cái Latinh, chữ số hoặc _) hoặc mã số cuộc trò chuyện.`,
    zalo_invalid: (v) =>
      `Không đọc được địa chỉ Zalo${v}: hãy ghi số điện thoại Việt Nam của phụ huynh (ví dụ 0912 345 678 hoặc +84 912 345 678) hoặc ID người dùng Zalo (từ 16 đến 24 chữ số).`,
    time_zone_invalid: (v) =>
      `Múi giờ${v} không xác định: hãy ghi, ví dụ, Asia/Ho_Chi_Minh hoặc Asia/Almaty, hoặc để trống ô.`,
    age_band_invalid: (v) =>
      `Không đọc được độ tuổi của con${v}: hãy ghi số tuổi tròn từ 0 đến 17 theo khoảng, ví dụ 6-10; 11-14 (tối đa 10 khoảng).`,
    consent_value_invalid: (v) =>
      `Không đọc được câu trả lời đồng ý${v}: hãy ghi có hoặc không, hoặc để trống ô.`,
    organisation_unknown: (v) =>
      `Không có đơn vị nào do bạn quản lý có tên, mã hoặc id${v}: hãy kiểm tra lại cách viết, hoặc tạo đơn vị trước.`,
    value_too_long: (v) => `Giá trị${v} quá dài: hãy rút gọn còn tối đa 200 ký tự.`,
    no_address: () =>
      'Dòng này không có số điện thoại, WhatsApp, email, Telegram hay Zalo: hãy thêm ít nhất một địa chỉ, nếu không sẽ không liên lạc được.',
  },
};

const QUOTES: Record<Language, readonly [string, string]> = {
  ru: ['«', '»'],
  kk: ['«', '»'],
  vi: ['“', '”'],
  en: ['“', '”'],
};

/**
 * One sentence saying what to fix in a rejected row, in the reader's language; `detail` (the
 * cell's value, or the duplicated key) is quoted in it, cut to 40 characters.
 *
 * @example
 * importRowMessage('invalid_phone_number', 'ru', '8 701 234');
 * // 'Номер телефона «8 701 234» не распознан: укажите его полностью, с кодом страны, …'
 */
export function importRowMessage(code: ImportRowCode, lang: Language, detail?: string): string {
  const [open, close] = QUOTES[lang];
  const value =
    detail === undefined || detail.trim() === '' ? '' : ` ${quoted(detail.trim(), open, close)}`;
  return ROW_MESSAGES[lang][code](value);
}
