import {
  type Attachment,
  type Broadcast,
  type Language,
  type LocalizedText,
  pickLocalized,
  renderTemplate,
  SafenetError,
  SIGNPOSTING_VARIABLE,
  templateVariables,
} from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { attachmentsOf } from './attachments.store.js';
import { type Executor, own } from './content.tables.js';

/** A broadcast's text in every language it is written in, and the version's files. */
export interface ResolvedContent {
  title: LocalizedText | undefined;
  body: LocalizedText;
  /** The files of the recommendation's version, in order; none for the broadcast's own text. */
  files: Attachment[];
}

/**
 * Loads the text a broadcast sends: its own, or the recommendation's version it was created
 * with (`versionId`, fixed then: a version approved later does not change what it sends).
 */
export async function resolveContent(
  db: ExecutorHandle | Executor,
  content: Broadcast['content'],
  versionId: string | null,
): Promise<ResolvedContent> {
  if ('recommendationId' in content) {
    const row = await own(db)
      .selectFrom('recommendation_versions')
      .select(['title', 'body'])
      .where('id', '=', versionId ?? '')
      .where('recommendation_id', '=', content.recommendationId)
      .executeTakeFirst();
    if (!row) {
      throw new SafenetError(
        'not_found',
        `No version ${versionId} of recommendation ${content.recommendationId}`,
      );
    }
    const files = await attachmentsOf(own(db), [versionId as string]);
    return { title: row.title, body: row.body, files: files.get(versionId as string) ?? [] };
  }
  return { title: content.title, body: content.body as LocalizedText, files: [] };
}

/**
 * Refuses content that would render with a gap: every `{{variable}}` in every language
 * must have a value. Checked when the broadcast is created, so nothing is half-sent.
 */
export function checkVariables(content: ResolvedContent, variables: Record<string, string>): void {
  const texts = [...Object.values(content.title ?? {}), ...Object.values(content.body)];
  // `{{signposting}}` is built in: the hub fills it with each recipient's help-line footer.
  const missing = [...new Set(texts.flatMap(templateVariables))].filter(
    (name) => name !== SIGNPOSTING_VARIABLE && !Object.hasOwn(variables, name),
  );
  if (missing.length > 0) {
    throw new SafenetError(
      'template_variable_missing',
      `The content uses ${missing.map((m) => `{{${m}}}`).join(', ')}: give values in "variables"`,
    );
  }
}

/** The title and body a reader of `language` gets, after fallback and variables. */
export function renderFor(
  content: ResolvedContent,
  language: Language,
  variables: Record<string, string>,
): { language: Language; title: string | null; body: string } | undefined {
  const body = pickLocalized(content.body, language);
  if (!body) return undefined;
  const title = content.title ? pickLocalized(content.title, body.language) : undefined;
  return {
    language: body.language,
    title: title ? renderTemplate(title.text, variables) : null,
    body: renderTemplate(body.text, variables),
  };
}
