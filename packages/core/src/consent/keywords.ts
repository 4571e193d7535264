/**
 * Consent keywords a contact may text back — STOP, START, HELP — in the programmes'
 * languages. Carriers and Twilio act on the English ones themselves (Twilio blocks further
 * messages after STOP and answers 21610); the hub must honour all of them in its own
 * consent records.
 *
 * Alphanumeric senders are one-way in Kazakhstan and Vietnam: nobody can reply to them, so
 * these keywords only reach the hub from a two-way number, and every message must also
 * offer an opt-out link.
 */

/** What a consent keyword asks for. */
export type ConsentKeyword = 'stop' | 'start' | 'help';

/**
 * Keywords after normalisation (NFC, upper case, no punctuation, single spaces). Both the
 * written form and the one typed without diacritics (ТОКТАТУ, DUNG) are listed, since many
 * phones lack the letters or people skip them.
 */
const KEYWORDS: Readonly<Record<ConsentKeyword, readonly string[]>> = {
  stop: [
    // English, as carriers and Twilio recognise them
    'STOP',
    'STOPALL',
    'UNSUBSCRIBE',
    'CANCEL',
    'END',
    'QUIT',
    // Russian
    'СТОП',
    'ОТПИСАТЬСЯ',
    'ОТПИСКА',
    // Kazakh
    'ТОҚТАТУ',
    'ТОКТАТУ',
    // Vietnamese
    'DỪNG',
    'DUNG',
    'HỦY',
    'HUY',
    'TỪ CHỐI',
    'TU CHOI',
  ],
  start: [
    'START',
    'UNSTOP',
    'YES',
    'SUBSCRIBE',
    'СТАРТ',
    'ПОДПИСАТЬСЯ',
    'БАСТАУ',
    'BẮT ĐẦU',
    'BAT DAU',
    'BATDAU',
    'ĐĂNG KÝ',
    'DANG KY',
    'DANGKY',
  ],
  help: ['HELP', 'INFO', 'ПОМОЩЬ', 'СПРАВКА', 'КӨМЕК', 'КОМЕК', 'TRỢ GIÚP', 'TRO GIUP', 'TROGIUP'],
};

const BY_TEXT: ReadonlyMap<string, ConsentKeyword> = new Map(
  (Object.entries(KEYWORDS) as [ConsentKeyword, readonly string[]][]).flatMap(([keyword, texts]) =>
    texts.map((text) => [text, keyword] as const),
  ),
);

/**
 * The consent keyword a whole message is, or undefined. Only the entire message counts
 * ("stop!" is STOP; "please don't stop" is not), after NFC, trimming, upper-casing and
 * dropping punctuation and symbols.
 *
 * @example
 * parseConsentKeyword(' Stop. ') // 'stop'
 * parseConsentKeyword('стоп') // 'stop'
 * parseConsentKeyword('Trợ giúp') // 'help'
 * parseConsentKeyword('stop sending me this') // undefined
 */
export function parseConsentKeyword(text: string): ConsentKeyword | undefined {
  const normalised = text
    .normalize('NFC')
    .toLocaleUpperCase('und')
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return BY_TEXT.get(normalised);
}
