/** The stream module: what other modules and the hub may use of it. */
export { createStreamModule } from './stream.module.js';
