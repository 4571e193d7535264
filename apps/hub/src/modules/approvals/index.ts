/** The approvals module: what other modules and the hub may use of it. */
export { createApprovalsModule } from './approvals.module.js';
export {
  type ApprovalTarget,
  checkSecondPerson,
  recordApprovalEvent,
} from './approvals.service.js';
