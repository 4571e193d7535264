/** The contacts module: what other modules and the hub may use of it. */
export { toContact } from './contacts.store.js';
