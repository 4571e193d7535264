import type { DatabaseHandle } from '../../platform/database/schema.js';
import { lazySecret } from '../../platform/database/secrets.js';
import {
  ATTACHMENT_TOKEN_LENGTH,
  signAttachmentToken,
  verifyAttachmentToken,
} from './attachment-token.js';
import { own } from './content.tables.js';

/** The short route of file links, at the root so a link costs few characters in an SMS. */
export const ATTACHMENT_PATH = '/a';
/** The `hub_secrets` row holding the links' signing key. */
const SECRET_NAME = 'attachment-links';

/** Makes and checks the public links of files: what recipients open, no login. */
export interface AttachmentLinks {
  /** `<public URL>/a/<40 characters>`: the link of one file. */
  urlFor(attachmentId: string): Promise<string>;
  /** A link as long as every link of this hub, in the same characters: what previews count. */
  readonly sampleUrl: string;
  /** The file a token names; throws `attachment_link_invalid` unless this hub signed it. */
  verify(token: string): Promise<string>;
}

/**
 * The hub's file links, signed with a key generated once and kept in the database (every hub
 * process agrees, and links keep working across restarts), read on first use.
 */
export function createAttachmentLinks(db: DatabaseHandle, publicUrl: string): AttachmentLinks {
  const secret = lazySecret(own(db), SECRET_NAME);
  const base = `${publicUrl.replace(/\/+$/, '')}${ATTACHMENT_PATH}/`;
  return {
    urlFor: async (attachmentId) => `${base}${signAttachmentToken(await secret(), attachmentId)}`,
    sampleUrl: `${base}${'A'.repeat(ATTACHMENT_TOKEN_LENGTH)}`,
    verify: async (token) => verifyAttachmentToken(await secret(), token),
  };
}
