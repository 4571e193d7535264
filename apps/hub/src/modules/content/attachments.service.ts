import { createHash } from 'node:crypto';
import type { OutgoingAttachment } from '@safenet/channels';
import {
  ATTACHMENT_TYPES,
  ATTACHMENTS_PER_VERSION,
  type AttachmentContentType,
  isAttachmentContentType,
  type RecommendationVersion,
  SafenetError,
} from '@safenet/core';
import { fileTypeFromBuffer } from 'file-type';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { type AuthContext, actorId, personOf } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { AttachmentLinks } from './attachment-links.js';
import { invalidAttachmentLink } from './attachment-token.js';
import {
  addToVersion,
  attachmentsOf,
  everPublished,
  fileCount,
  fileWithData,
  removeFromVersion,
  storeFile,
} from './attachments.store.js';
import {
  lockRecommendation,
  lockVersion,
  record,
  statusConflict,
  versionOf,
} from './content.service.js';
import { type Db, type Executor, own, type Tx, type VersionRow } from './content.tables.js';

/** A file with its bytes, as a download answers it. */
export interface FileDownload {
  filename: string;
  contentType: AttachmentContentType;
  sizeBytes: number;
  data: Buffer;
}

/** How large an upload may be (`SAFENET_ATTACHMENT_MAX_BYTES`). */
export interface AttachmentLimits {
  maxBytes: number;
}

/** The refusal of a file larger than the hub takes. */
export function tooLarge(maxBytes: number): SafenetError {
  return new SafenetError(
    'attachment_too_large',
    `The file is larger than ${maxBytes} bytes, the most this hub takes (SAFENET_ATTACHMENT_MAX_BYTES): make it smaller`,
  );
}

/**
 * The type the bytes show (file-type reads their signatures, and inside Office files their
 * parts), when it is one a version may carry; `attachment_type_not_allowed` otherwise. The
 * name and the client's `Content-Type` are never asked.
 */
async function sniff(bytes: Buffer): Promise<AttachmentContentType> {
  const found = bytes.length === 0 ? undefined : await fileTypeFromBuffer(bytes);
  if (found && isAttachmentContentType(found.mime)) return found.mime;
  throw new SafenetError(
    'attachment_type_not_allowed',
    found
      ? `The file is ${found.mime} (.${found.ext}) by its bytes: a version carries PDF, JPEG, PNG, DOCX, XLSX or PPTX files only`
      : 'The file’s bytes are of no type a version carries (PDF, JPEG, PNG, DOCX, XLSX or PPTX)',
  );
}

/** Every extension of every type a version carries. */
const KNOWN_EXTENSIONS = new Set<string>(
  Object.values(ATTACHMENT_TYPES).flatMap((type) => type.extensions),
);

/**
 * `name` with the extension of the type its bytes show, so recipients' devices open it with
 * the right program: a PNG uploaded as `poster.pdf` becomes `poster.png`; a name without a
 * known extension gets one.
 */
export function nameFor(name: string, type: AttachmentContentType): string {
  const extensions: readonly string[] = ATTACHMENT_TYPES[type].extensions;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (extensions.includes(extension)) return name;
  const base = KNOWN_EXTENSIONS.has(extension) ? name.slice(0, dot) : name;
  const suffix = `.${extensions[0]}`;
  return `${base.slice(0, 200 - suffix.length)}${suffix}`;
}

/** Version `number` of the caller's recommendation `id`, locked, and only while a draft. */
async function lockDraft(
  trx: Tx,
  auth: AuthContext,
  id: string,
  number: number,
): Promise<VersionRow> {
  const version = await lockVersion(trx, await lockRecommendation(trx, auth, id), number);
  if (version.status !== 'draft') {
    throw statusConflict(version, 'only a draft’s files change; edit to open a new draft');
  }
  return version;
}

/**
 * The caller joins the draft's authors (who may not approve it) and the change is logged:
 * a file is part of what the reviewer approves.
 */
async function edited(
  trx: Tx,
  auth: AuthContext,
  version: VersionRow,
  now: Date,
  detail: Record<string, unknown>,
): Promise<VersionRow> {
  const me = personOf(auth.actor);
  const row = await trx
    .updateTable('recommendation_versions')
    .set({
      authors: version.authors.includes(me) ? version.authors : [...version.authors, me],
      updated_at: now,
    })
    .where('id', '=', version.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('recommendations')
    .set({ updated_at: now })
    .where('id', '=', version.recommendation_id)
    .execute();
  await record(trx, auth, row, 'edited', now, detail);
  return row;
}

/**
 * Adds a file to a draft, after its others: the type is sniffed from the bytes, the name
 * takes that type's extension, and the same bytes under the same name already stored for the
 * organisation are reused. Refused beyond the size limit (`attachment_too_large`), for a type
 * a version may not carry (`attachment_type_not_allowed`), past
 * {@link ATTACHMENTS_PER_VERSION} files (`attachment_limit`), and unless the version is a
 * draft (`recommendation_status_conflict`) — writing nothing. Adding a file the draft
 * carries already changes nothing.
 */
export async function uploadAttachment(
  db: Db,
  auth: AuthContext,
  id: string,
  number: number,
  upload: { name: string; bytes: Buffer },
  limits: AttachmentLimits,
): Promise<RecommendationVersion> {
  if (upload.bytes.length > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    // The version first: a file for a recommendation that is not the caller's is a 404.
    let version = await lockDraft(trx, auth, id, number);
    const contentType = await sniff(upload.bytes);
    const filename = nameFor(upload.name, contentType);
    if ((await fileCount(trx, version.id)) >= ATTACHMENTS_PER_VERSION) {
      throw new SafenetError(
        'attachment_limit',
        `Version ${version.number} carries ${ATTACHMENTS_PER_VERSION} files already, the most a version may: remove one first`,
      );
    }
    const file = await storeFile(trx, {
      orgId: version.org_id,
      sha256,
      filename,
      contentType,
      data: upload.bytes,
      createdBy: actorId(auth.actor),
      now,
    });
    if (await addToVersion(trx, version.id, file.id)) {
      version = await edited(trx, auth, version, now, { attachmentAdded: file.filename });
    }
    return versionOf(trx, version);
  });
}

/**
 * Removes a file from a draft (`recommendation_status_conflict` for any other version); a
 * file no version carries any more is deleted. 404 when the draft does not carry it.
 */
export async function removeAttachment(
  db: Db,
  auth: AuthContext,
  id: string,
  number: number,
  attachmentId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const version = await lockDraft(trx, auth, id, number);
    const removed = await removeFromVersion(trx, version.id, attachmentId);
    if (!removed) throw notFound('file', `${attachmentId} of version ${number}`);
    await edited(trx, auth, version, new Date(), { attachmentRemoved: removed.filename });
  });
}

/** A file of the caller's subtree, with its bytes, or 404. */
export async function downloadAttachment(
  db: Executor,
  auth: AuthContext,
  attachmentId: string,
): Promise<FileDownload> {
  const row = await fileWithData(db, attachmentId)
    .where(inSubtree('attachments.org_id', auth.orgId))
    .executeTakeFirst();
  if (!row) throw notFound('file', attachmentId);
  return download(row);
}

/**
 * The file a public link names, for anyone holding the link: only a file of a version that
 * was published (now or before; a message sent keeps its files). A draft's file, or a token
 * this hub did not sign, answers `attachment_link_invalid` (404).
 */
export async function publicAttachment(
  db: Executor,
  links: AttachmentLinks,
  token: string,
): Promise<FileDownload> {
  const attachmentId = await links.verify(token);
  if (!(await everPublished(db, attachmentId))) throw invalidAttachmentLink();
  const row = await fileWithData(db, attachmentId).executeTakeFirst();
  if (!row) throw invalidAttachmentLink();
  return download(row);
}

function download(row: {
  filename: string;
  content_type: AttachmentContentType;
  size_bytes: number;
  data: Buffer;
}): FileDownload {
  return {
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    data: row.data,
  };
}

/**
 * The files of version `versionId` as messages carry them: each with its public link, and
 * its bytes read on first use then kept (one read per batch of sends, however many
 * recipients). None for text written in the broadcast itself (`versionId` null).
 */
export async function outgoingFiles(
  handle: ExecutorHandle | Executor,
  links: AttachmentLinks,
  versionId: string | null,
): Promise<OutgoingAttachment[]> {
  if (versionId === null) return [];
  const db = own(handle);
  const files = (await attachmentsOf(db, [versionId])).get(versionId) ?? [];
  return Promise.all(
    files.map(async (file) => {
      let bytes: Promise<Buffer> | undefined;
      return {
        filename: file.filename,
        contentType: file.contentType,
        sizeBytes: file.sizeBytes,
        url: await links.urlFor(file.id),
        load() {
          bytes ??= fileWithData(db, file.id)
            .executeTakeFirstOrThrow()
            .then(
              (row) => row.data,
              (error: unknown) => {
                bytes = undefined; // the next send reads it again
                throw error;
              },
            );
          return bytes;
        },
      };
    }),
  );
}
