/** The privacy module: what the hub may use of it. */
export { createPrivacyModule } from './privacy.module.js';
