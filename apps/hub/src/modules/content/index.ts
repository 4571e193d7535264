/** The content module: what other modules and the hub may use of it. */

export { contentConfig } from './content.config.js';
export {
  type AttachmentFiles,
  attachmentFiles,
  type ContentModule,
  createContentModule,
} from './content.module.js';
export { getRecommendation, publishedVersion } from './content.service.js';
export {
  checkVariables,
  type ResolvedContent,
  renderFor,
  resolveContent,
} from './resolve-content.js';
