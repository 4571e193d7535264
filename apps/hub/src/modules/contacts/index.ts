/** The contacts module: what other modules and the hub may use of it. */
export {
  audienceByLanguage,
  audienceOrgPaths,
  audiencePage,
  audienceZones,
  countSegment,
} from './audience.js';
export {
  type AddressCount,
  audienceAddresses,
  audienceZaloAddresses,
  type ZaloAddressCount,
} from './audience-destinations.js';
export { contactsConfig } from './contacts.config.js';
export { createContactsModule } from './contacts.module.js';
export {
  contactInScope,
  contactsByAddress,
  contactsByIds,
  firstContactByAddress,
  setContactAddress,
  toContact,
} from './contacts.store.js';
export type { ContactRow } from './contacts.tables.js';
