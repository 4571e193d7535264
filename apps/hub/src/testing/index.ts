/**
 * @safenet/hub/testing — what tests outside apps/hub use of the hub: the in-process test hub,
 * the test backends, polling and queue probes, and the worker parts a test drives by hand.
 *
 * This door runs inside vitest only: `startTestHub` reads the template the global setup
 * (`global-setup.ts`) provides through vitest's `inject`. Nothing outside a test loads it.
 */

// Type-only: brings the global setup's `declare module 'vitest'` (the `hubTemplate` that
// `inject` returns) into every program that imports this door.
import type {} from './global-setup.js';

// The hub's own parts, for tests that run dispatch batch by batch (a hub started with
// `workers: false`): not public API, so they are exported here rather than from the hub's root.
export { expandBroadcast } from '../modules/broadcasts/index.js';
export { readBreaker } from '../modules/delivery/circuit-breakers.js';
export {
  applyWebhookEvents,
  fetchPrice,
  PRICE_QUEUE,
  type PriceJob,
  type SendJob,
  sendBatch,
  sendQueue,
} from '../modules/delivery/index.js';
export {
  enqueueEventsForEndpoints,
  feedWebhookMessages,
  type SweepPoint,
  sweepWebhookMessages,
} from '../modules/endpoints/index.js';
export { share } from '../platform/database/schema.js';
export { type CampaignSweeps, runCampaignSweeps } from './campaign-sweeps.js';
export {
  DispatchClock,
  holdSendJobs,
  nextSendJobAt,
  passReceiptDeadlines,
  promoteDueSendJobs,
  releaseSendJobs,
  sweepExpiredJobs,
} from './dispatch-clock.js';
export { drainSendQueues, testDispatchDeps } from './dispatch-deps.js';
export { eventually } from './eventually.js';
export { memoPdf, posterPng, windowsProgram } from './files.js';
export {
  type PrometheusSample,
  type PrometheusScrape,
  parsePrometheusText,
  sampleValue,
} from './prometheus-text.js';
export {
  CLEAN_CSV_HEADERS,
  cleanContactsCsv,
  type MessySpreadsheet,
  type SpreadsheetOutcome,
  utf16UnicodeText,
  windows1251Csv,
  xlsxWithNumericPhones,
} from './spreadsheets.js';
export {
  type BotApiCall,
  type BotApiFault,
  type BotMembership,
  channelPost,
  type DocumentSent,
  type GroupChat,
  groupMessage,
  groupMigrated,
  myChatMember,
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApi,
  type TelegramBotApiOptions,
  type TelegramUser,
  type UpdateContent,
} from './telegram-bot-api.js';
export {
  shouldTestPostgres,
  TEST_POSTGRES_URL,
  type TestBackend,
  testBackends,
} from './test-env.js';
export { dropSchemas, startTestHub, type TestHub, type TestHubOptions } from './test-hub.js';
export { deferredSends, unfinishedSends } from './unfinished-sends.js';
