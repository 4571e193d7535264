/** The outbox module: what other modules and the hub may use of it. */
export { createOutboxModule } from './outbox.module.js';
export { captureMessage } from './outbox.store.js';
