import type { BroadcastPreview, Language } from '@safenet/sdk';

/** The Zalo part of a preview, for a broadcast that lists Zalo. */
export type ZaloPreview = NonNullable<BroadcastPreview['zalo']>;

/** The warnings of a preview's Zalo part: those Zalo would refuse, by why. */
export interface ZaloWarnings {
  /** Vietnamese phones whose text's language has no ZNS template, and those languages. */
  noTemplate: { recipients: number; languages: Language[] } | null;
  /** Phones outside Vietnam, which ZNS does not serve. */
  notVietnamese: number | null;
}

/**
 * What the preview warns of on Zalo, or null when Zalo would carry every message (as a ZNS
 * template or an OA message): the recipients it would refuse move to the next channel.
 */
export function zaloWarnings(zalo: ZaloPreview): ZaloWarnings | null {
  if (zalo.noTemplate === 0 && zalo.notVietnamese === 0) return null;
  return {
    noTemplate:
      zalo.noTemplate > 0
        ? { recipients: zalo.noTemplate, languages: zalo.missingTemplates }
        : null,
    notVietnamese: zalo.notVietnamese > 0 ? zalo.notVietnamese : null,
  };
}
