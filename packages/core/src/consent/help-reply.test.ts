import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../locale/language.schema.js';
import { helpReply } from './help-reply.js';
import { parseConsentKeyword } from './keywords.js';

describe('helpReply', () => {
  it('names the sender and gives keywords the hub understands, in every language', () => {
    for (const language of LANGUAGES) {
      const reply = helpReply(language, 'School 12 parents');
      expect(reply.startsWith('School 12 parents: '), language).toBe(true);
      // Every upper-case word of the reply that is a keyword must mean STOP or START.
      const keywords = (reply.match(/\p{Lu}{2,}(?: \p{Lu}{2,})?/gu) ?? []).map(parseConsentKeyword);
      expect(keywords, language).toContain('stop');
      expect(keywords, language).toContain('start');
    }
  });

  it('answers in English for a language without a text', () => {
    expect(helpReply('de', 'Safenet')).toBe(helpReply('en', 'Safenet'));
  });
});
