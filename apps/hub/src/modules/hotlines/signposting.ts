import {
  appendFooter,
  type Hotline,
  type Language,
  renderSignposting,
  SIGNPOSTING_VARIABLE,
  type Signposting,
  signpostingFor,
  templateVariables,
} from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { type ResolvedContent, renderFor } from '../content/index.js';
import { hotlinesAround, toHotline } from './hotlines.store.js';
import { own } from './hotlines.tables.js';

/** A broadcast's signposting and the lines its footers are chosen from, loaded once. */
export interface BroadcastSignposting {
  settings: Signposting;
  lines: readonly Hotline[];
}

/** No footer: signposting off, or nothing to choose from. */
export const NO_SIGNPOSTING: BroadcastSignposting = { settings: { enabled: false }, lines: [] };

/**
 * The lines that may serve recipients of a broadcast of `orgId` (path `orgPath`): those
 * serving it or above it, and those serving organisations of its subtree. Nothing is read
 * when signposting is off.
 */
export async function loadSignposting(
  handle: ExecutorHandle,
  orgId: string,
  orgPath: readonly string[],
  settings: Signposting,
): Promise<BroadcastSignposting> {
  if (!settings.enabled) return { settings, lines: [] };
  const rows = await hotlinesAround(own(handle), orgId, orgPath);
  return { settings, lines: rows.map(toHotline) };
}

/**
 * The footer of a recipient in organisation path `orgPath` reading `language`: the lines
 * nearest them (core's `signpostingFor`) in their language; empty when off or none serves.
 */
export function footerFor(
  signposting: BroadcastSignposting,
  orgPath: readonly string[],
  language: Language,
): string {
  if (!signposting.settings.enabled) return '';
  const chosen = signpostingFor(
    signposting.lines,
    orgPath,
    language,
    signposting.settings.purposes,
  );
  return renderSignposting(chosen, language);
}

/**
 * The title and body a reader of `language` gets (content's `renderFor`), with `footer`:
 * where the text places `{{signposting}}`, there; otherwise after the body. `links` (the
 * files' links of a channel that carries none, e.g. SMS) follow the text, before the footer.
 */
export function renderSignposted(
  content: ResolvedContent,
  language: Language,
  variables: Record<string, string>,
  footer: string,
  links = '',
): ReturnType<typeof renderFor> {
  const rendered = renderFor(content, language, { ...variables, [SIGNPOSTING_VARIABLE]: footer });
  if (!rendered) return undefined;
  const texts = [content.body[rendered.language], content.title?.[rendered.language]];
  const placed = texts.some(
    (text) => text && templateVariables(text).includes(SIGNPOSTING_VARIABLE),
  );
  const body = appendFooter(rendered.body, links);
  return { ...rendered, body: placed ? body : appendFooter(body, footer) };
}
