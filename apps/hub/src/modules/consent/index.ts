/** The consent module: what other modules and the hub may use of it. */

export { consentConfig } from './consent.config.js';
export { type ConsentModule, createConsentModule } from './consent.module.js';
export { mergeConsents, setConsent, withdrawOnProviderOptOut } from './consent.service.js';
export { createUnsubscribeLinks, type UnsubscribeLinks } from './unsubscribe-links.js';
