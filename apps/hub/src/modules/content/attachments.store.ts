import type { Attachment, AttachmentContentType } from '@safenet/core';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AttachmentRow, Executor } from './content.tables.js';

// The attachments' rows: stored once per organisation (bytes and name), linked to versions.

/** A file's row without its bytes. */
export type FileRow = Omit<AttachmentRow, 'data'>;

const LISTED = ['id', 'filename', 'content_type', 'size_bytes'] as const;

export function toAttachment(
  row: Pick<AttachmentRow, 'id' | 'filename' | 'content_type' | 'size_bytes'>,
): Attachment {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
  };
}

/** The files of each version, in order, by version id (every id given is a key). */
export async function attachmentsOf(
  db: Executor,
  versionIds: readonly string[],
): Promise<Map<string, Attachment[]>> {
  const byVersion = new Map(versionIds.map((id) => [id, [] as Attachment[]]));
  if (versionIds.length === 0) return byVersion;
  const rows = await db
    .selectFrom('recommendation_version_attachments as va')
    .innerJoin('attachments as a', 'a.id', 'va.attachment_id')
    .select(['va.version_id', 'a.id', 'a.filename', 'a.content_type', 'a.size_bytes'])
    .where(sql<boolean>`va.version_id = any(${versionIds}::uuid[])`)
    .orderBy('va.version_id')
    .orderBy('va.position')
    .execute();
  for (const row of rows) byVersion.get(row.version_id)?.push(toAttachment(row));
  return byVersion;
}

/** What an upload stores. */
export interface NewFile {
  orgId: string;
  sha256: string;
  filename: string;
  contentType: AttachmentContentType;
  data: Buffer;
  createdBy: string;
  now: Date;
}

/**
 * The organisation's file with these bytes under this name: the one stored already, else
 * stored now. Two uploads of a new file at once store it once (the second waits for the
 * first's insert, then reads it). A stored file is read `FOR SHARE`: a removal deleting it
 * as no version's file waits until this upload's transaction has attached it (and then keeps
 * it); a file a removal deleted first is stored again.
 */
export async function storeFile(db: Executor, file: NewFile): Promise<FileRow> {
  for (;;) {
    const inserted = await db
      .insertInto('attachments')
      .values({
        id: uuidv7(),
        org_id: file.orgId,
        sha256: file.sha256,
        filename: file.filename,
        content_type: file.contentType,
        size_bytes: file.data.length,
        data: file.data,
        created_at: file.now,
        created_by: file.createdBy,
      })
      .onConflict((oc) => oc.columns(['org_id', 'sha256', 'filename']).doNothing())
      .returning([...LISTED, 'org_id', 'sha256', 'created_at', 'created_by'])
      .executeTakeFirst();
    if (inserted) return inserted;
    const stored = await db
      .selectFrom('attachments')
      .select([...LISTED, 'org_id', 'sha256', 'created_at', 'created_by'])
      .where('org_id', '=', file.orgId)
      .where('sha256', '=', file.sha256)
      .where('filename', '=', file.filename)
      .forShare()
      .executeTakeFirst();
    if (stored) return stored;
  }
}

/** How many files a version carries. */
export async function fileCount(db: Executor, versionId: string): Promise<number> {
  const { n } = await db
    .selectFrom('recommendation_version_attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('version_id', '=', versionId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Adds a file after the version's others; false when the version carries it already. */
export async function addToVersion(
  db: Executor,
  versionId: string,
  attachmentId: string,
): Promise<boolean> {
  const added = await db
    .insertInto('recommendation_version_attachments')
    .columns(['version_id', 'attachment_id', 'position'])
    .expression(
      db.selectNoFrom([
        sql<string>`${versionId}::uuid`.as('version_id'),
        sql<string>`${attachmentId}::uuid`.as('attachment_id'),
        sql<number>`coalesce((select max(position) from recommendation_version_attachments
            where version_id = ${versionId}::uuid), 0) + 1`.as('position'),
      ]),
    )
    .onConflict((oc) => oc.columns(['version_id', 'attachment_id']).doNothing())
    .returning('position')
    .executeTakeFirst();
  return added !== undefined;
}

/**
 * Removes a file from a version, and deletes it when no other version carries it; the
 * file's row as it was, or undefined when the version did not carry it.
 */
export async function removeFromVersion(
  db: Executor,
  versionId: string,
  attachmentId: string,
): Promise<FileRow | undefined> {
  const removed = await db
    .deleteFrom('recommendation_version_attachments')
    .where('version_id', '=', versionId)
    .where('attachment_id', '=', attachmentId)
    .returning('attachment_id')
    .executeTakeFirst();
  if (!removed) return undefined;
  // Locked before asking whether another version carries it: an upload attaching the same
  // file elsewhere holds it `FOR SHARE` until it commits, and the question below then sees it.
  const file = await db
    .selectFrom('attachments')
    .select([...LISTED, 'org_id', 'sha256', 'created_at', 'created_by'])
    .where('id', '=', attachmentId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  await db
    .deleteFrom('attachments')
    .where('id', '=', attachmentId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('recommendation_version_attachments')
            .select('attachment_id')
            .where('attachment_id', '=', attachmentId),
        ),
      ),
    )
    .execute();
  return file;
}

/** A new version carries the files of the one it was copied from: the same rows, no bytes copied. */
export async function copyFiles(db: Executor, fromVersionId: string, toVersionId: string) {
  await db
    .insertInto('recommendation_version_attachments')
    .columns(['version_id', 'attachment_id', 'position'])
    .expression(
      db
        .selectFrom('recommendation_version_attachments')
        .select([sql<string>`${toVersionId}::uuid`.as('version_id'), 'attachment_id', 'position'])
        .where('version_id', '=', fromVersionId),
    )
    .execute();
}

/** A file with its bytes. */
export function fileWithData(db: Executor, attachmentId: string) {
  return db
    .selectFrom('attachments')
    .select([...LISTED, 'org_id', 'data'])
    .where('id', '=', attachmentId);
}

/** Whether a version that was published at some point (now or before) carries the file. */
export async function everPublished(db: Executor, attachmentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('recommendation_version_attachments as va')
    .innerJoin('recommendation_versions as v', 'v.id', 'va.version_id')
    .select('va.version_id')
    .where('va.attachment_id', '=', attachmentId)
    .where('v.published_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}
