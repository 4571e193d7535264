/** The consent module: what other modules and the hub may use of it. */

export { consentConfig } from './consent.config.js';
export { type ConsentModule, createConsentModule } from './consent.module.js';
export {
  BY_CONTACT,
  BY_PROVIDER,
  BY_SYSTEM,
  type ConsentBy,
  type ConsentsOf,
  consentByActor,
  mergeConsents,
  setConsent,
  withdrawOnProviderOptOut,
  withdrawOnRefusedSend,
} from './consent.service.js';
export { createUnsubscribeLinks, type UnsubscribeLinks } from './unsubscribe-links.js';
