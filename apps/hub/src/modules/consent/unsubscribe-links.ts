import type { Channel } from '@safenet/core';
import type { HubConfig } from '../../config.js';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import { storedSecret } from '../../platform/database/secrets.js';
import { type Db, own } from './consent.tables.js';
import { signSmsOptOutToken, verifySmsOptOutToken } from './sms-opt-out-token.js';
import {
  signUnsubscribeToken,
  type UnsubscribeTarget,
  verifyUnsubscribeToken,
} from './unsubscribe-token.js';

/** The route unsubscribe links point at, under the hub's public URL. */
export const UNSUBSCRIBE_PATH = '/v1/unsubscribe';
/** The short route of SMS opt-out links, at the root so the link costs few characters. */
export const SMS_OPT_OUT_PATH = '/u';
/** The `hub_secrets` row holding the generated signing key. */
const SECRET_NAME = 'unsubscribe-links';

/** Makes and checks the no-login links that withdraw one contact's consent on one channel. */
export interface UnsubscribeLinks {
  /** `<public URL>/v1/unsubscribe/<token>`: what goes into `List-Unsubscribe` and footers. */
  urlFor(contactId: string, channel: Channel): string;
  /** The token alone, as the path segment of {@link UnsubscribeLinks.urlFor}. */
  tokenFor(contactId: string, channel: Channel): string;
  /** What a token names; throws `unsubscribe_link_invalid` unless this hub signed it. */
  verify(token: string): UnsubscribeTarget;
  /**
   * `<public URL>/u/<40 characters>`: the short link a broadcast SMS ends with, leading to the
   * same page for channel `sms`; every one of a hub is as long. Null when turned off
   * (`SAFENET_SMS_OPT_OUT_LINK=false`).
   */
  smsOptOutUrlFor(contactId: string): string | null;
  /** The target (channel `sms`) of a short link's token; `unsubscribe_link_invalid` otherwise. */
  verifySmsOptOut(token: string): UnsubscribeTarget;
}

/** Links signed with `secret`, pointing at `publicUrl`; SMS opt-out links unless turned off. */
export function unsubscribeLinksWith(
  secret: string,
  publicUrl: string,
  options: { smsOptOutLink?: boolean } = {},
): UnsubscribeLinks {
  const root = publicUrl.replace(/\/+$/, '');
  const base = `${root}${UNSUBSCRIBE_PATH}/`;
  const tokenFor = (contactId: string, channel: Channel) =>
    signUnsubscribeToken(secret, { contactId, channel });
  const smsOptOut = options.smsOptOutLink ?? true;
  return {
    tokenFor,
    urlFor: (contactId, channel) => `${base}${tokenFor(contactId, channel)}`,
    verify: (token) => verifyUnsubscribeToken(secret, token),
    smsOptOutUrlFor: (contactId) =>
      smsOptOut ? `${root}${SMS_OPT_OUT_PATH}/${signSmsOptOutToken(secret, contactId)}` : null,
    verifySmsOptOut: (token) => ({
      contactId: verifySmsOptOutToken(secret, token),
      channel: 'sms',
    }),
  };
}

/**
 * The hub's unsubscribe links: signed with `SAFENET_UNSUBSCRIBE_SECRET` when set, else with
 * a key generated once and kept in the database, so every hub process on one PostgreSQL
 * agrees and links keep working across restarts.
 */
export async function createUnsubscribeLinks(
  db: DatabaseHandle | Db,
  config: Pick<HubConfig, 'publicUrl' | 'unsubscribeSecret'> &
    Partial<Pick<HubConfig, 'smsOptOutLink'>>,
): Promise<UnsubscribeLinks> {
  const secret = config.unsubscribeSecret ?? (await storedSecret(own(db), SECRET_NAME));
  return unsubscribeLinksWith(secret, config.publicUrl, {
    smsOptOutLink: config.smsOptOutLink ?? true,
  });
}
