/** The channels module: what other modules and the hub may use of it. */
export {
  type ChannelRegistry,
  createChannelRegistry,
  overrideAdapter,
} from './channel-registry.js';
export { channelLines } from './channels.banner.js';
export { channelsConfig } from './channels.config.js';
export { createChannelsModule } from './channels.module.js';
export { type PhoneHolding, type PhonePlace, Phones } from './phones.js';
export {
  type SendEmail,
  type TransactionalEmail,
  transactionalMailer,
} from './transactional-mail.js';
