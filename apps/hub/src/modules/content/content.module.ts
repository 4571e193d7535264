import type { OutgoingAttachment } from '@safenet/channels';
import type { HubConfig } from '../../config.js';
import type { DatabaseHandle, ExecutorHandle } from '../../platform/database/schema.js';
import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { type AttachmentLinks, createAttachmentLinks } from './attachment-links.js';
import { attachmentPages, attachmentRoutes } from './attachments.routes.js';
import { outgoingFiles } from './attachments.service.js';
import { recommendationsErasure } from './content.privacy.js';
import { contentRoutes } from './content.routes.js';
import { own } from './content.tables.js';

/** A version's files as other modules use them: what messages carry, what previews count. */
export interface AttachmentFiles {
  /**
   * The files of version `versionId` as messages carry them, with their public links and
   * bytes read once; none for `null` (a broadcast's own text).
   */
  forVersion(db: ExecutorHandle, versionId: string | null): Promise<OutgoingAttachment[]>;
  /** A file link as long as every one of this hub: what the preview counts in an SMS. */
  readonly sampleUrl: string;
}

/** The files' door of the hub on `db`, with links under `publicUrl`. */
export function attachmentFiles(db: DatabaseHandle, publicUrl: string): AttachmentFiles {
  return filesOf(createAttachmentLinks(db, publicUrl));
}

function filesOf(links: AttachmentLinks): AttachmentFiles {
  return {
    forVersion: (handle, versionId) => outgoingFiles(handle, links, versionId),
    sampleUrl: links.sampleUrl,
  };
}

/** The content module as the hub runs it: its routes, the file links, and its files' door. */
export interface ContentModule extends HubModule {
  readonly files: AttachmentFiles;
}

/** The content module: the library's routes, its files and their public links. */
export function createContentModule(
  platform: HubPlatform,
  config: Pick<HubConfig, 'publicUrl' | 'attachments'>,
): ContentModule {
  const db = own(platform.db);
  const links = createAttachmentLinks(platform.db, config.publicUrl);
  return {
    name: 'content',
    routes: async (app) => {
      await app.register(contentRoutes, { db });
      await app.register(attachmentRoutes, { db, limits: config.attachments });
    },
    pages: async (app) => app.register(attachmentPages, { db, links }),
    erasure: [recommendationsErasure],
    files: filesOf(links),
  };
}
