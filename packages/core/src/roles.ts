/**
 * `@safenet/core/roles`: the roles and the scopes each carries, as plain data without the
 * schemas, for the SDK and browser code. The same values as the package's main entry.
 */

export type { Scope } from './auth/api-key.schema.js';
export { ROLE_SCOPES, roleHasScope, USER_ROLES } from './auth/role-scopes.js';
export type { UserRole } from './auth/roles.js';
