/** The alerts module: what other modules and the hub may use of it. */
export { alertsConfig } from './alerts.config.js';
export { createAlertsModule } from './alerts.module.js';
export {
  type AlertRaise,
  type AlertsDeps,
  moveAlert,
  type RaiseDeps,
  raiseAlert,
  resolveAlertsOf,
} from './alerts.service.js';
export {
  type EscalationDeps,
  type EscalationMessage,
  type EscalationStepChosen,
  sweepEscalations,
} from './escalation.jobs.js';
