/** The campaigns module: what other modules and the hub may use of it. */
export { toCampaign } from './campaigns.store.js';
