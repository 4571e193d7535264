/** The contacts module: what other modules and the hub may use of it. */

export { createContactsModule } from './contacts.module.js';
export { toContact } from './contacts.store.js';
