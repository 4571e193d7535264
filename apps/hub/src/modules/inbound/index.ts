/** The inbound module: what other modules and the hub may use of it. */

export { applyInboundMessages, type HelpReply } from './inbound.service.js';
export { firstTime } from './inbound-events.js';
