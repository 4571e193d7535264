/** The endpoints module (outbound webhooks): what other modules and the hub may use of it. */
export { endpointsConfig } from './endpoints.config.js';
export { createEndpointsModule } from './endpoints.module.js';
export { type FeedDeps, feedWebhookMessages } from './feed.js';
export {
  type DurableEvent,
  enqueueEventsForEndpoints,
} from './intake.js';
export { type SweepDeps, type SweepPoint, sweepWebhookMessages } from './sweep.js';
