/** The alerts module: what other modules and the hub may use of it. */
export { createAlertsModule } from './alerts.module.js';
export {
  type AlertRaise,
  type AlertsDeps,
  type RaiseDeps,
  raiseAlert,
  resolveAlertsOf,
} from './alerts.service.js';
