/** The hotlines module: what other modules and the hub may use of it. */
export { createHotlinesModule } from './hotlines.module.js';
export type { HotlinesTables } from './hotlines.tables.js';
export {
  type BroadcastSignposting,
  footerFor,
  loadSignposting,
  NO_SIGNPOSTING,
  renderSignposted,
} from './signposting.js';
