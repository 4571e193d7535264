/** The organisations module: what other modules and the hub may use of it. */
export { generateSecret, hashSecret, insertApiKey } from './api-keys.js';
export { createOrganisationsModule, type OrganisationsModule } from './organisations.module.js';
export { organisationInScope } from './organisations.store.js';
