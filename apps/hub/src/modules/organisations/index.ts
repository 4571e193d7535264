/** The organisations module: what other modules and the hub may use of it. */
export { generateSecret, hashSecret } from './api-keys.js';
export {
  type OrgCellResolution,
  organisationById,
  organisationsByIds,
  resolveOrgCells,
} from './org-cells.js';
export {
  type OrgRefAt,
  type OrgRefProblem,
  type OrgRefResolution,
  type ResolvedOrg,
  resolveOrgRefs,
} from './org-refs.js';
export { organisationsConfig } from './organisations.config.js';
export { createOrganisationsModule, type OrganisationsModule } from './organisations.module.js';
export {
  insertOrganisation,
  type NewOrganisation,
  type ParentOrganisation,
} from './organisations.service.js';
export { insertApiKey, organisationInScope, organisationName } from './organisations.store.js';
export type { OrganisationRow } from './organisations.tables.js';
export { readQuietHourSettings, resolveQuietHours } from './quiet-hours.js';
