import { shortIdTokens } from '../../../platform/short-id-token.js';

/**
 * The token of a deep link (`https://t.me/<bot>?start=<token>`): a short signed token naming
 * the link's row (see `shortIdTokens`), 40 characters of A–Z a–z 0–9 _ -, which is what
 * Telegram takes as a start parameter (at most 64). Its context separates it from every other
 * use of short tokens; the link's row says whose it is and until when.
 */
export const linkTokens = shortIdTokens(
  'safenet telegram deep link v1\n',
  'A Telegram deep link names its link',
);
