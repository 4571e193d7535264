/**
 * SMS encoding and segment counting, of the text exactly as given — as a provider bills it.
 * Nothing is normalised here: a Vietnamese letter typed as base + combining marks (NFD)
 * costs every one of its code units, so messages are made NFC where they are rendered
 * (`renderTemplate`), before both the count and the send. Text that fits the GSM 03.38 alphabet goes as GSM-7 (160 per message, 153 per part
 * when split; extension-table characters take two septets); anything else — Cyrillic,
 * most Vietnamese letters — goes as UCS-2 (70, or 67 per part, counted in UTF-16 units).
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

/** The two ways an SMS is encoded, as the preview and the segment count name them. */
export const SMS_ENCODINGS = ['GSM-7', 'UCS-2'] as const;
export type SmsEncoding = (typeof SMS_ENCODINGS)[number];

/** How a text goes out as SMS. */
export interface SmsSegments {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  /** Number of SMS parts billed. 0 for empty text. */
  segments: number;
  /** Units that fit in each part at this length (160/153 or 70/67). */
  perSegment: number;
}

/**
 * @example
 * countSmsSegments('Hello') // { encoding: 'GSM-7', units: 5, segments: 1, perSegment: 160 }
 * countSmsSegments('Привет') // { encoding: 'UCS-2', units: 6, segments: 1, perSegment: 70 }
 */
export function countSmsSegments(text: string): SmsSegments {
  const chars = Array.from(text);
  const septets: number[] = [];
  for (const char of chars) {
    if (BASIC.has(char)) septets.push(1);
    else if (EXTENSION.has(char)) septets.push(2);
    else
      return split(
        'UCS-2',
        chars.map((char) => char.length),
        70,
        67,
      );
  }
  return split('GSM-7', septets, 160, 153);
}

/** `sizes` holds the units of each character, in order. */
function split(
  encoding: SmsEncoding,
  sizes: readonly number[],
  single: number,
  multi: number,
): SmsSegments {
  const units = sizes.reduce((sum, size) => sum + size, 0);
  if (units <= single) {
    return { encoding, units, segments: units === 0 ? 0 : 1, perSegment: single };
  }
  // Parts are filled character by character: an escape sequence (GSM-7) or a surrogate pair
  // (UCS-2) is never cut in two, so when it does not fit in what is left of a part it opens
  // the next one — which `ceil(units / multi)` would not count.
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > multi) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments, perSegment: multi };
}
