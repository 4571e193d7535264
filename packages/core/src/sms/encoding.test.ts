import { describe, expect, it } from 'vitest';
import { countSmsSegments } from './encoding.js';

/** The GSM 03.38 extension table: each is sent as ESC + character, two septets. */
const EXTENSION_CHARS = ['€', '[', ']', '{', '}', '~', '^', '|', '\\', '\f'];
/** Kazakh letters outside the Russian alphabet, lower and upper case. */
const KAZAKH_LETTERS = [...'әіңғүұқөһӘІҢҒҮҰҚӨҺ'];

describe('countSmsSegments: which encoding', () => {
  it('sends plain English as GSM-7, one septet per character', () => {
    expect(countSmsSegments('Hello')).toEqual({
      encoding: 'GSM-7',
      units: 5,
      segments: 1,
      perSegment: 160,
    });
    const text = 'Call 111 if a child needs help online.';
    expect(countSmsSegments(text)).toMatchObject({ encoding: 'GSM-7', units: text.length });
  });

  it('sends Russian (Cyrillic) as UCS-2, one unit per letter', () => {
    expect(countSmsSegments('Привет')).toEqual({
      encoding: 'UCS-2',
      units: 6,
      segments: 1,
      perSegment: 70,
    });
    // 7 + space + 8
    expect(countSmsSegments('Памятка родителю')).toMatchObject({ encoding: 'UCS-2', units: 16 });
  });

  it('sends Kazakh as UCS-2, every Kazakh-specific letter included', () => {
    for (const letter of KAZAKH_LETTERS) {
      expect(countSmsSegments(letter), letter).toMatchObject({ encoding: 'UCS-2', units: 1 });
      // One Kazakh letter in otherwise GSM text switches the whole message.
      expect(countSmsSegments(`Safe Internet ${letter}`), letter).toMatchObject({
        encoding: 'UCS-2',
        units: 15,
      });
    }
    // Қ-а-у-і-п-с-і-з (8) + space + и-н-т-е-р-н-е-т (8)
    expect(countSmsSegments('Қауіпсіз интернет')).toMatchObject({ encoding: 'UCS-2', units: 17 });
  });

  it('sends Vietnamese with diacritics as UCS-2', () => {
    // Bảo(3) vệ(2) trẻ(3) em(2) trên(4) mạng(4) + 5 spaces = 23 precomposed characters.
    expect(countSmsSegments('Bảo vệ trẻ em trên mạng')).toEqual({
      encoding: 'UCS-2',
      units: 23,
      segments: 1,
      perSegment: 70,
    });
    expect(countSmsSegments('Việt')).toMatchObject({ encoding: 'UCS-2', units: 4 });
  });

  it('sends Vietnamese that happens to fit the GSM alphabet as GSM-7', () => {
    expect(countSmsSegments('Xin chao')).toMatchObject({ encoding: 'GSM-7', units: 8 });
    // à is in the GSM basic table, so this one still fits.
    expect(countSmsSegments('Xin chào')).toMatchObject({ encoding: 'GSM-7', units: 8 });
  });

  it('knows the GSM-only letters: Greek capitals are GSM-7, Greek lower case and backtick are not', () => {
    expect(countSmsSegments('ΔΦΓΛΩΠΨΣΘΞ')).toMatchObject({ encoding: 'GSM-7', units: 10 });
    expect(countSmsSegments('α')).toMatchObject({ encoding: 'UCS-2' });
    expect(countSmsSegments('`')).toMatchObject({ encoding: 'UCS-2' });
  });

  it('counts newlines as ordinary GSM-7 characters', () => {
    expect(countSmsSegments('a\nb\r\nc')).toMatchObject({ encoding: 'GSM-7', units: 6 });
  });
});

describe('countSmsSegments: GSM-7 boundaries', () => {
  it('fits 160 septets in one SMS and splits 161 into two parts of 153', () => {
    expect(countSmsSegments('a'.repeat(160))).toEqual({
      encoding: 'GSM-7',
      units: 160,
      segments: 1,
      perSegment: 160,
    });
    expect(countSmsSegments('a'.repeat(161))).toEqual({
      encoding: 'GSM-7',
      units: 161,
      segments: 2,
      perSegment: 153,
    });
  });

  it('fits 306 septets in two parts and needs a third for 307', () => {
    expect(countSmsSegments('a'.repeat(306))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(countSmsSegments('a'.repeat(307))).toMatchObject({ segments: 3, perSegment: 153 });
    expect(countSmsSegments('a'.repeat(459))).toMatchObject({ segments: 3 });
    expect(countSmsSegments('a'.repeat(460))).toMatchObject({ segments: 4 });
  });
});

describe('countSmsSegments: GSM-7 extension table', () => {
  it('counts each extension character as two septets', () => {
    for (const char of EXTENSION_CHARS) {
      expect(countSmsSegments(char), JSON.stringify(char)).toEqual({
        encoding: 'GSM-7',
        units: 2,
        segments: 1,
        perSegment: 160,
      });
    }
    expect(countSmsSegments(EXTENSION_CHARS.join(''))).toMatchObject({
      encoding: 'GSM-7',
      units: 20,
    });
  });

  it('fits 80 euro signs (160 septets) in one SMS', () => {
    expect(countSmsSegments('€'.repeat(80))).toMatchObject({ units: 160, segments: 1 });
  });

  it('splits when one extension character pushes 159 characters over 160 septets', () => {
    const plain = 'a'.repeat(159);
    expect(countSmsSegments(`${plain}.`)).toMatchObject({ units: 160, segments: 1 });
    expect(countSmsSegments(`${plain}€`)).toMatchObject({
      encoding: 'GSM-7',
      units: 161,
      segments: 2,
      perSegment: 153,
    });
    expect(countSmsSegments(`[${plain}`)).toMatchObject({ units: 161, segments: 2 });
  });

  it('never cuts an escape sequence in two between parts', () => {
    // 151 + 2 fills part one exactly (153); 153 more fill part two.
    expect(countSmsSegments(`${'a'.repeat(151)}€${'a'.repeat(153)}`)).toMatchObject({
      units: 306,
      segments: 2,
    });
    // 152 + 2 would be 154: the € moves to part two, which then holds € + 151,
    // and the last character needs a third part although 306 ≤ 2 × 153.
    expect(countSmsSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toMatchObject({
      units: 306,
      segments: 3,
    });
  });
});

describe('countSmsSegments: UCS-2 boundaries', () => {
  it('fits 70 characters in one SMS and splits 71 into parts of 67', () => {
    expect(countSmsSegments('Ж'.repeat(70))).toEqual({
      encoding: 'UCS-2',
      units: 70,
      segments: 1,
      perSegment: 70,
    });
    expect(countSmsSegments('Ж'.repeat(71))).toEqual({
      encoding: 'UCS-2',
      units: 71,
      segments: 2,
      perSegment: 67,
    });
    expect(countSmsSegments('ә'.repeat(134))).toMatchObject({ segments: 2 });
    expect(countSmsSegments('ә'.repeat(135))).toMatchObject({ segments: 3 });
  });

  it('makes a long GSM text UCS-2 as a whole when one letter does not fit', () => {
    // 100 septets would be one GSM-7 SMS; as 101 UCS-2 units it is two parts.
    expect(countSmsSegments(`${'a'.repeat(100)}ệ`)).toEqual({
      encoding: 'UCS-2',
      units: 101,
      segments: 2,
      perSegment: 67,
    });
  });
});

describe('countSmsSegments: the text as given, not normalised', () => {
  // A provider bills the code units it receives; the counter must not hide a decomposed text
  // (renderTemplate makes messages NFC before they are counted or sent).
  it('counts Vietnamese typed as base letters + combining marks by every code unit', () => {
    const nfc = 'Bảo vệ trẻ em trên mạng'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    // The test only means something if the two spellings differ.
    expect(nfd).not.toBe(nfc);
    expect(countSmsSegments(nfc)).toMatchObject({ units: 23 });
    expect(countSmsSegments(nfd)).toMatchObject({ encoding: 'UCS-2', units: nfd.length });
    expect(nfd.length).toBeGreaterThan(23);
  });

  it('makes a decomposed GSM letter UCS-2: the combining mark is not in the GSM alphabet', () => {
    // e + combining acute looks like é, which is in the GSM basic table; U+0301 is not.
    expect(countSmsSegments('Caf\u00e9')).toMatchObject({ encoding: 'GSM-7', units: 4 });
    expect(countSmsSegments('Caf\u0065\u0301')).toMatchObject({ encoding: 'UCS-2', units: 5 });
  });

  it('bills 70 decomposed Vietnamese letters as the 210 units they are', () => {
    const nfd = 'ệ'.repeat(70).normalize('NFD');
    expect(nfd.length).toBe(210); // e + dot below + circumflex
    expect(countSmsSegments(nfd)).toMatchObject({ units: 210, segments: 4 });
    expect(countSmsSegments(nfd.normalize('NFC'))).toMatchObject({ units: 70, segments: 1 });
  });
});

describe('countSmsSegments: emoji', () => {
  it('counts an emoji outside the BMP as two UTF-16 units', () => {
    expect(countSmsSegments('😀')).toEqual({
      encoding: 'UCS-2',
      units: 2,
      segments: 1,
      perSegment: 70,
    });
    expect(countSmsSegments('Hi 😀')).toMatchObject({ encoding: 'UCS-2', units: 5 });
  });

  it('fits 35 emoji (70 units) in one SMS but not 36', () => {
    expect(countSmsSegments('😀'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
    // 72 units: 33 emoji (66 units) fill part one, since a 34th would need 68.
    expect(countSmsSegments('😀'.repeat(36))).toMatchObject({ units: 72, segments: 2 });
  });

  it('never cuts a surrogate pair in two between parts', () => {
    // 65 + 2 fills part one exactly (67); 67 more fill part two.
    expect(countSmsSegments(`${'Ж'.repeat(65)}😀${'Ж'.repeat(67)}`)).toMatchObject({
      units: 134,
      segments: 2,
    });
    // 66 + 2 would be 68: the emoji opens part two, and the last letter a third part.
    expect(countSmsSegments(`${'Ж'.repeat(66)}😀${'Ж'.repeat(66)}`)).toMatchObject({
      units: 134,
      segments: 3,
    });
  });
});

describe('countSmsSegments: empty text', () => {
  it('is zero segments', () => {
    expect(countSmsSegments('')).toEqual({
      encoding: 'GSM-7',
      units: 0,
      segments: 0,
      perSegment: 160,
    });
  });
});
