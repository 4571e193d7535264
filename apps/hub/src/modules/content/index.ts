/** The content module: what other modules and the hub may use of it. */

export { createContentModule } from './content.module.js';
export { getRecommendation, publishedVersion } from './content.service.js';
export {
  checkVariables,
  type ResolvedContent,
  renderFor,
  resolveContent,
} from './resolve-content.js';
