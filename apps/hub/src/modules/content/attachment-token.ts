import { SafenetError } from '@safenet/core';
import { SHORT_ID_TOKEN_LENGTH, shortIdTokens } from '../../platform/short-id-token.js';

/**
 * The token of a file's public link (`/a/<token>`): a short signed token naming the file
 * (see `shortIdTokens`), 40 characters, since an SMS carries the link. Never expires: a
 * message keeps its files as long as it is kept.
 */
const tokens = shortIdTokens('safenet attachment link v1\n', 'A file link names a file');

/** The length of every token. */
export const ATTACHMENT_TOKEN_LENGTH = SHORT_ID_TOKEN_LENGTH;

/** The error of a link this hub did not make, or that was altered. */
export function invalidAttachmentLink(): SafenetError {
  return new SafenetError(
    'attachment_link_invalid',
    'This file link is not valid: open the link from the message again, in full',
  );
}

/** Signs the file `attachmentId` into a 40-character token. */
export function signAttachmentToken(secret: string, attachmentId: string): string {
  return tokens.sign(secret, attachmentId);
}

/** The file a token this secret signed names; anything else throws `attachment_link_invalid`. */
export function verifyAttachmentToken(secret: string, token: string): string {
  const attachmentId = tokens.read(secret, token);
  if (attachmentId === undefined) throw invalidAttachmentLink();
  return attachmentId;
}
