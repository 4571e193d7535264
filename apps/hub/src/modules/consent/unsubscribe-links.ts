import type { Channel } from '@safenet/core';
import type { HubConfig } from '../../config.js';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import { storedSecret } from '../../platform/database/secrets.js';
import { type Db, own } from './consent.tables.js';
import {
  signUnsubscribeToken,
  type UnsubscribeTarget,
  verifyUnsubscribeToken,
} from './unsubscribe-token.js';

/** The route unsubscribe links point at, under the hub's public URL. */
export const UNSUBSCRIBE_PATH = '/v1/unsubscribe';
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
}

/** Links signed with `secret`, pointing at `publicUrl`. */
export function unsubscribeLinksWith(secret: string, publicUrl: string): UnsubscribeLinks {
  const base = `${publicUrl.replace(/\/+$/, '')}${UNSUBSCRIBE_PATH}/`;
  const tokenFor = (contactId: string, channel: Channel) =>
    signUnsubscribeToken(secret, { contactId, channel });
  return {
    tokenFor,
    urlFor: (contactId, channel) => `${base}${tokenFor(contactId, channel)}`,
    verify: (token) => verifyUnsubscribeToken(secret, token),
  };
}

/**
 * The hub's unsubscribe links: signed with `SAFENET_UNSUBSCRIBE_SECRET` when set, else with
 * a key generated once and kept in the database, so every hub process on one PostgreSQL
 * agrees and links keep working across restarts.
 */
export async function createUnsubscribeLinks(
  db: DatabaseHandle | Db,
  config: Pick<HubConfig, 'publicUrl' | 'unsubscribeSecret'>,
): Promise<UnsubscribeLinks> {
  const secret = config.unsubscribeSecret ?? (await storedSecret(own(db), SECRET_NAME));
  return unsubscribeLinksWith(secret, config.publicUrl);
}
