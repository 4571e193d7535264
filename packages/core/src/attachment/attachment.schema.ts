import { z } from 'zod';
import { type Channel, Id } from '../common/common.schema.js';

/**
 * The files a recommendation's version may carry — the 2017 campaign's memos and booklets,
 * contest posters — by the type their bytes show (never the name's or the client's
 * `Content-Type`): PDF, JPEG, PNG, and the Office documents WhatsApp's Cloud API takes as
 * documents. `kind` says how WhatsApp sends one: an `image` message or a `document`.
 */
export const ATTACHMENT_TYPES = {
  'application/pdf': { extensions: ['pdf'], kind: 'document' },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], kind: 'image' },
  'image/png': { extensions: ['png'], kind: 'image' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    extensions: ['docx'],
    kind: 'document',
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    extensions: ['xlsx'],
    kind: 'document',
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    extensions: ['pptx'],
    kind: 'document',
  },
} as const satisfies Record<
  string,
  { extensions: readonly [string, ...string[]]; kind: 'image' | 'document' }
>;

export const ATTACHMENT_CONTENT_TYPES = Object.keys(ATTACHMENT_TYPES) as [
  keyof typeof ATTACHMENT_TYPES,
  ...(keyof typeof ATTACHMENT_TYPES)[],
];
export const AttachmentContentType = z.enum(ATTACHMENT_CONTENT_TYPES);
export type AttachmentContentType = z.infer<typeof AttachmentContentType>;

/** Whether a type is one a version may carry. */
export function isAttachmentContentType(type: string): type is AttachmentContentType {
  return Object.hasOwn(ATTACHMENT_TYPES, type);
}

/** How WhatsApp sends a file of this type: an `image` message, or a `document`. */
export function attachmentKind(type: AttachmentContentType): 'image' | 'document' {
  return ATTACHMENT_TYPES[type].kind;
}

/** At most this many files per version: each goes to every recipient, as media or a link. */
export const ATTACHMENTS_PER_VERSION = 5;

/**
 * The default of `SAFENET_ATTACHMENT_MAX_BYTES`: 5 MiB, WhatsApp's limit for an image (its
 * documents may be 100 MB), so every file goes by either WhatsApp provider.
 */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * An email attaches a version's files while they total at most this (10 MiB; base64 makes
 * the message a third larger, still under the usual 25 MB mailbox limits); beyond it, the
 * files go as links in the text.
 */
export const EMAIL_ATTACHMENTS_MAX_BYTES = 10 * 1024 * 1024;

// Control characters, and separators a downloaded file's name must not carry.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const UNSAFE_NAME = /[\u0000-\u001f\u007f/\\]/;

/**
 * A file's name as recipients see it, e.g. `Памятка для родителей.pdf`: 1–200 characters,
 * NFC, no control characters or path separators. The hub makes its extension the one of the
 * type the bytes show.
 */
export const AttachmentFilename = z
  .string()
  .transform((name) => name.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1)
      .max(200)
      .refine((name) => !UNSAFE_NAME.test(name) && name !== '.' && name !== '..', {
        message: 'a file name without control characters, "/" or "\\"',
      }),
  )
  .meta({ type: 'string', minLength: 1, maxLength: 200, examples: ['Памятка для родителей.pdf'] });

/** The query of an upload: the file's name (the body is the file's bytes). */
export const AttachmentUploadQuery = z.strictObject({
  name: AttachmentFilename.describe('The file’s name, as recipients see it'),
});
export type AttachmentUploadQuery = z.input<typeof AttachmentUploadQuery>;

/**
 * A file a version carries, as its readers list it. The bytes are `GET /v1/attachments/:id`.
 *
 * @example
 * { id, filename: 'Памятка для родителей.pdf', contentType: 'application/pdf', sizeBytes: 482133 }
 */
export const Attachment = z.object({
  id: Id,
  filename: z.string(),
  contentType: AttachmentContentType.describe('The type its bytes show'),
  sizeBytes: z.int().min(1),
});
export type Attachment = z.infer<typeof Attachment>;

/**
 * How a channel carries a version's files: `media` (WhatsApp: image or document messages;
 * Telegram: documents), `attached` (email, while the files total at most
 * {@link EMAIL_ATTACHMENTS_MAX_BYTES}), or `links` (short links to the hub in the text: SMS,
 * the in-app channel, and email beyond the limit).
 */
export const ATTACHMENT_MODES = ['media', 'attached', 'links'] as const;
export const AttachmentMode = z.enum(ATTACHMENT_MODES);
export type AttachmentMode = z.infer<typeof AttachmentMode>;

/**
 * How `channel` carries files totalling `totalBytes`. One rule for the adapters (what they
 * send) and the broadcast preview (what it reports).
 *
 * @example
 * attachmentMode('email', 2_000_000) // 'attached'
 * attachmentMode('sms', 2_000_000) // 'links'
 */
export function attachmentMode(channel: Channel, totalBytes: number): AttachmentMode {
  switch (channel) {
    case 'whatsapp':
    case 'telegram':
      return 'media';
    case 'email':
      return totalBytes <= EMAIL_ATTACHMENTS_MAX_BYTES ? 'attached' : 'links';
    default:
      return 'links';
  }
}

/**
 * The lines a text carries for files sent as links: one per file, `name: url`, or the link
 * alone where each character is billed (SMS). Empty without files.
 *
 * @example
 * attachmentLinks([{ filename: 'Memo.pdf', url: 'https://hub.example/a/…' }], { names: true })
 * // 'Memo.pdf: https://hub.example/a/…'
 */
export function attachmentLinks(
  files: readonly { filename: string; url: string }[],
  options: { names: boolean },
): string {
  return files
    .map((file) => (options.names ? `${file.filename}: ${file.url}` : file.url))
    .join('\n')
    .normalize('NFC');
}
