/** The outbox module: what other modules and the hub may use of it. */
export { createOutboxModule } from './outbox.module.js';
