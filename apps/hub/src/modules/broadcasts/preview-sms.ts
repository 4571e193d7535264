import {
  appendSmsOptOut,
  attachmentLinks,
  type BroadcastInput,
  countSmsSegments,
  type Language,
  type SegmentQuery,
  type SmsSegments,
  smsText,
} from '@safenet/core';
import type { z } from 'zod';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { orgInScope } from '../../platform/tenancy/lookups.js';
import type { UnsubscribeLinks } from '../consent/index.js';
import { audienceOrgPaths } from '../contacts/index.js';
import type { ResolvedContent } from '../content/index.js';
import { footerFor, loadSignposting, renderSignposted } from '../hotlines/index.js';
import type { Executor } from './broadcasts.tables.js';

/** Any contact id: every opt-out link of a hub is as long, in the same characters. */
const SAMPLE_CONTACT = '00000000-0000-7000-8000-000000000000';

/** The SMS a preview counts for readers of one language: the longest of their footers. */
export interface PreviewSms {
  worstFor(content: ResolvedContent, language: Language): { count: SmsSegments; footer: string };
}

/**
 * What a preview needs to count SMS as sent: the footer of every organisation the SMS
 * readers of each language are in, and the lengths of the files' links and of the opt-out
 * link (each of a hub is as long as every other). Per language it counts the longest (the
 * worst case): readers of one language in two provinces get their own province's line, and
 * the estimate must not fall short of either.
 */
export async function previewSms(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof BroadcastInput>,
  query: SegmentQuery,
  links: { unsubscribe: Pick<UnsubscribeLinks, 'smsOptOutUrlFor'>; fileUrl: string },
): Promise<PreviewSms> {
  const { unsubscribe, fileUrl } = links;
  const paths = new Map<Language, string[][]>();
  const settings = input.signposting;
  let signposting = await loadSignposting(share(db), input.orgId, [], { enabled: false });
  if (input.channels.includes('sms') && settings.enabled) {
    const org = await orgInScope(db, auth, input.orgId);
    signposting = await loadSignposting(share(db), input.orgId, org.path, settings);
    for (const { language, orgPath } of await audienceOrgPaths(
      share(db),
      input.orgId,
      query,
      'sms',
    )) {
      paths.set(language, [...(paths.get(language) ?? []), orgPath]);
    }
  }
  const optOutUrl = unsubscribe.smsOptOutUrlFor(SAMPLE_CONTACT);
  return {
    worstFor(content, language) {
      const footers = new Set(
        (paths.get(language) ?? [[]]).map((p) => footerFor(signposting, p, language)),
      );
      let worst: { count: SmsSegments; footer: string } | undefined;
      // As sending writes them (delivery's `filesOn`): one link per file, no names.
      const fileLinks = attachmentLinks(
        content.files.map((file) => ({ filename: file.filename, url: fileUrl })),
        { names: false },
      );
      for (const footer of footers) {
        const rendered = renderSignposted(content, language, input.variables, footer, fileLinks);
        if (!rendered) continue;
        const body = optOutUrl
          ? appendSmsOptOut(rendered.body, optOutUrl, language)
          : rendered.body;
        const count = countSmsSegments(smsText({ title: rendered.title, body }));
        if (
          !worst ||
          count.segments > worst.count.segments ||
          (count.segments === worst.count.segments && count.units > worst.count.units)
        ) {
          worst = { count, footer };
        }
      }
      return worst ?? { count: countSmsSegments(''), footer: '' };
    },
  };
}
