/** The people module: what other modules and the hub may use of it. */

export { insertDemoUser } from './demo-users.js';
export { FIRST_ADMIN_PLACEHOLDER } from './invitations.service.js';
export { PasswordHasher } from './passwords.js';
export { peopleConfig } from './people.config.js';
export { createPeopleModule, firstAdminLink, type PeopleModule } from './people.module.js';
