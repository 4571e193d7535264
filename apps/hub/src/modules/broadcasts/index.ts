/** The broadcasts module: what other modules and the hub may use of it. */
export { broadcastsConfig } from './broadcasts.config.js';
export { createBroadcastsModule } from './broadcasts.module.js';
export {
  type ContentTerms,
  contentTerms,
  insertBroadcast,
  type NewBroadcast,
} from './broadcasts.service.js';
export { broadcastById } from './broadcasts.store.js';
export { expandBroadcast } from './expand.worker.js';
export { sendUrgentNotice, type UrgentNotice } from './urgent-notice.js';
