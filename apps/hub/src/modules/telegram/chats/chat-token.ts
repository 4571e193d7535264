import { shortIdTokens } from '../../../platform/short-id-token.js';

/**
 * The token of a chat connection link (`?startgroup=<token>`, `/connect <token>`): a short
 * signed token naming the link's row, in a context of its own — a parent's deep link never
 * connects a group, nor a group's link binds a parent.
 */
export const chatLinkTokens = shortIdTokens(
  'safenet telegram chat link v1\n',
  'A Telegram chat link names its link',
);
