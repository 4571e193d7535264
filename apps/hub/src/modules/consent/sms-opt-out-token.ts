import { SafenetError } from '@safenet/core';
import { SHORT_ID_TOKEN_LENGTH, shortIdTokens } from '../../platform/short-id-token.js';

/**
 * The token of an SMS opt-out link (`/u/<token>`): a short signed token naming the contact
 * (see `shortIdTokens`), 40 characters, since every character is billed in every SMS. The
 * channel is always SMS, so it takes no byte. Never expires. Its context separates it from
 * the email links' (`safenet unsubscribe link v1`).
 */
const tokens = shortIdTokens('safenet sms opt-out link v1\n', 'An opt-out link names a contact');

/** The length of every token. */
export const SMS_OPT_OUT_TOKEN_LENGTH = SHORT_ID_TOKEN_LENGTH;

/** Signs the contact `contactId` into a 40-character token. */
export function signSmsOptOutToken(secret: string, contactId: string): string {
  return tokens.sign(secret, contactId);
}

/** The contact a token this secret signed names; anything else throws `unsubscribe_link_invalid`. */
export function verifySmsOptOutToken(secret: string, token: string): string {
  const contactId = tokens.read(secret, token);
  if (contactId === undefined) {
    throw new SafenetError(
      'unsubscribe_link_invalid',
      'This opt-out link is not valid: open the link from the SMS again, in full',
    );
  }
  return contactId;
}
