import type { IncomingMessage } from 'node:http';
import {
  ATTACHMENTS_PER_VERSION,
  AttachmentUploadQuery,
  Id,
  RecommendationVersion,
} from '@safenet/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, NoContent } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { ATTACHMENT_PATH, type AttachmentLinks } from './attachment-links.js';
import {
  type AttachmentLimits,
  downloadAttachment,
  type FileDownload,
  publicAttachment,
  removeAttachment,
  tooLarge,
  uploadAttachment,
} from './attachments.service.js';
import type { Db } from './content.tables.js';

const VersionParams = IdParams.extend({
  number: z.coerce.number().int().min(1).describe('The version number'),
});

/** A file's bytes, as the body of an upload and of a download. */
const FileBytes = z.any().meta({ type: 'string', format: 'binary' });

/**
 * Reads a body as bytes, at most `maxBytes` of them: a longer one (by its `Content-Length`,
 * or as it arrives) is refused `attachment_too_large` before more is read.
 */
async function readCapped(payload: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(payload.headers['content-length']);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of payload) {
    length += (chunk as Buffer).length;
    if (length > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, length);
}

/**
 * `Content-Disposition` with the file's name: an ASCII fallback, and the name itself as
 * RFC 5987 UTF-8 (`filename*`), which browsers and phones prefer.
 */
function disposition(kind: 'inline' | 'attachment', filename: string): string {
  // Printable ASCII only, without the characters the quoted form would have to escape.
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Answers a file: its type, its name, and no guessing of another type by browsers. */
function sendFile(reply: FastifyReply, file: FileDownload, kind: 'inline' | 'attachment') {
  return reply
    .type(file.contentType)
    .header('content-disposition', disposition(kind, file.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-length', file.sizeBytes)
    .send(file.data);
}

/**
 * A version's files (memos, booklets, posters): uploaded as the request body, one per
 * request, listed in the version, downloaded by people of the subtree.
 */
export const attachmentRoutes: FastifyPluginAsyncZod<{ db: Db; limits: AttachmentLimits }> = async (
  app,
  { db, limits },
) => {
  // Encapsulated: only these routes read bodies as bytes, whatever their Content-Type (the
  // type is read from the bytes), at most the limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request: FastifyRequest, payload: IncomingMessage) =>
    readCapped(payload, limits.maxBytes),
  );

  app.post(
    '/recommendations/:id/versions/:number/attachments',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'uploadRecommendationAttachment',
        summary: 'Add a file to a draft',
        description: `The file’s bytes are the body (any \`Content-Type\`: the type is read from the bytes), its name \`?name=\`. PDF, JPEG, PNG, DOCX, XLSX or PPTX (\`415 attachment_type_not_allowed\` otherwise; a name whose extension the bytes belie takes theirs), at most \`SAFENET_ATTACHMENT_MAX_BYTES\` (\`413 attachment_too_large\`), at most ${ATTACHMENTS_PER_VERSION} per version (\`409 attachment_limit\`), and only to a draft (\`409 recommendation_status_conflict\`). The same bytes under the same name are stored once per organisation. The uploader becomes one of the draft’s authors. Answers the version with its files.`,
        tags: ['recommendations'],
        consumes: ['application/octet-stream', 'application/pdf', 'image/jpeg', 'image/png'],
        errorCodes: [
          'not_found',
          'recommendation_status_conflict',
          'attachment_type_not_allowed',
          'attachment_too_large',
          'attachment_limit',
        ],
        params: VersionParams,
        querystring: AttachmentUploadQuery,
        body: FileBytes.describe('The file’s bytes'),
        response: { 201: RecommendationVersion },
      },
    },
    async (request, reply) => {
      const body: unknown = request.body;
      const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      const version = await uploadAttachment(
        db,
        requireAuth(request),
        request.params.id,
        request.params.number,
        { name: request.query.name, bytes },
        limits,
      );
      return reply.status(201).send(version);
    },
  );

  app.delete(
    '/recommendations/:id/versions/:number/attachments/:attachmentId',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'removeRecommendationAttachment',
        summary: 'Remove a file from a draft',
        description:
          'Only a draft’s files change (`409 recommendation_status_conflict`); versions that carry the file keep it. A file no version carries any more is deleted.',
        tags: ['recommendations'],
        errorCodes: ['not_found', 'recommendation_status_conflict'],
        params: VersionParams.extend({ attachmentId: Id }),
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { id, number, attachmentId } = request.params;
      await removeAttachment(db, requireAuth(request), id, number, attachmentId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/attachments/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'downloadAttachment',
        summary: 'Download a file',
        description:
          'A file of a version of your subtree, as stored: its type, and its name in `Content-Disposition`.',
        tags: ['recommendations'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: FileBytes.describe('The file') },
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await downloadAttachment(db, requireAuth(request), request.params.id),
        'attachment',
      ),
  );
};

/**
 * `/a/:token`: the short link a message carries for each file (an SMS's links, email's beyond
 * its limit, the link WhatsApp's Cloud API fetches). No API key: the signed token names one
 * file, served only when a version carrying it was published.
 */
export async function attachmentPages(
  app: FastifyInstance,
  options: { db: Db; links: AttachmentLinks },
) {
  const { db, links } = options;
  app.get<{ Params: { token: string } }>(
    `${ATTACHMENT_PATH}/:token`,
    {
      schema: {
        operationId: 'openAttachmentLink',
        summary: 'Open a file link',
        description:
          'The file a message’s link names, to anyone holding the link: its type, its name (`Content-Disposition: inline`) and `X-Content-Type-Options: nosniff`. Only files of versions that were published; an altered or unknown token, or a draft’s file, answers `404 attachment_link_invalid`.',
        tags: ['recommendations'],
        params: z.object({ token: z.string().describe('The 40-character signed token') }),
        errorCodes: ['attachment_link_invalid'],
        response: { 200: FileBytes.describe('The file') },
      },
    },
    async (request, reply) =>
      sendFile(reply, await publicAttachment(db, links, request.params.token), 'inline'),
  );
}
