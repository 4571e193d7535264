/** The delivery module: what other modules and the hub may use of it. */
export { breakerAlerts } from './breaker-alerts.js';
export { CircuitBreakers } from './circuit-breakers.js';
export { deliveryConfig } from './delivery.config.js';
export type { DispatchDeps } from './delivery.deps.js';
export { type DeliveryMetrics, deliveryMetrics } from './delivery.metrics.js';
export { createDeliveryModule, type DeliveryModule } from './delivery.module.js';
export {
  insertSendJobs,
  SEND_QUEUES,
  SEND_RETRY_LIMIT,
  type SendJob,
  sendQueue,
} from './delivery.queues.js';
export {
  cancelQueuedDeliveries,
  listDeliveries,
  planDeliveries,
  toDelivery,
} from './delivery.store.js';
export type { DeliveryRow, NewDelivery } from './delivery.tables.js';
export { type PacedSend, type PacedSender, pacedSender } from './paced-send.js';
export { SendSpacing } from './pacing.js';
export { actualCost, fetchPrice, PRICE_QUEUE, type PriceJob } from './prices.js';
export { ProgressReporter, readProgress } from './progress.js';
export { applyWebhookEvents, type ReceiptDeps } from './receipts.js';
export { sendBatch } from './send.worker.js';
export { settleDelivery } from './settle.js';
