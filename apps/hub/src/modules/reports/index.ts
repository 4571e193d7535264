/** The reports module: what other modules and the hub may use of it. */
export { createReportsModule } from './reports.module.js';
