/** @safenet/hub — build and run the Safenet hub in-process. */
export { type HubConfig, loadConfig } from './config.js';
export { createHub, type Hub, type HubOptions } from './hub.js';
export { dropStoreSchemas } from './platform/database/migrate.js';
export { type Bootstrap, bootstrap } from './seed/bootstrap.js';
export { type DemoSeed, seedDemo } from './seed/demo.seed.js';
export { buildServer, type ServerDeps } from './server.js';
