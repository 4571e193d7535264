import { z } from 'zod';
import { alertsConfig } from './modules/alerts/index.js';
import { broadcastsConfig } from './modules/broadcasts/index.js';
import { calendarConfig } from './modules/calendar/index.js';
import { casesConfig } from './modules/cases/index.js';
import { channelsConfig } from './modules/channels/index.js';
import { consentConfig } from './modules/consent/index.js';
import { contactsConfig } from './modules/contacts/index.js';
import { contentConfig } from './modules/content/index.js';
import { costsConfig } from './modules/costs/index.js';
import { deliveryConfig } from './modules/delivery/index.js';
import { endpointsConfig } from './modules/endpoints/index.js';
import { organisationsConfig } from './modules/organisations/index.js';
import { peopleConfig } from './modules/people/index.js';
import { telegramConfig } from './modules/telegram/index.js';
import { combineFragments } from './platform/config.js';
import { databaseConfig } from './platform/database/database.config.js';
import { eventsConfig } from './platform/events/events.config.js';
import { consoleConfig } from './platform/http/console.config.js';
import { httpConfig } from './platform/http/http.config.js';
import { metricsConfig } from './platform/metrics/metrics.config.js';
import { retentionConfig } from './platform/privacy.config.js';
import { queueConfig } from './platform/queue/queue.config.js';
import { seedConfig } from './seed/seed.config.js';

export { defaultPublicUrl } from './platform/http/http.config.js';

/**
 * Every fragment of the configuration, each declared by its owner: the platform's, the
 * modules', the demo seed's, and the channels module's with one per channel adapter (on the
 * adapter's own schema). docs/reference/config.md lists every variable they read; a test
 * (`config.drift.test.ts`) fails when the two drift apart.
 */
const hubConfig = combineFragments([
  httpConfig,
  consoleConfig,
  metricsConfig,
  databaseConfig,
  eventsConfig,
  queueConfig,
  retentionConfig,
  seedConfig,
  organisationsConfig,
  peopleConfig,
  consentConfig,
  contactsConfig,
  contentConfig,
  broadcastsConfig,
  deliveryConfig,
  channelsConfig,
  endpointsConfig,
  calendarConfig,
  alertsConfig,
  casesConfig,
  telegramConfig,
  costsConfig,
]);

/** Every environment variable the hub reads, with its schema. */
export const ConfigVars = z.object(hubConfig.vars);

/**
 * Everything the hub reads from its environment, parsed once into its configuration.
 * Nothing else reads `process.env`.
 */
export const ConfigSchema = ConfigVars.transform((values, ctx) =>
  hubConfig.read(values, {
    add: (where, message) => ctx.addIssue({ code: 'custom', path: [where], message }),
  }),
);

/** The hub's configuration, in the shape the code uses: every fragment's part. */
export type HubConfig = z.output<typeof ConfigSchema>;

/**
 * Parses the environment into a frozen {@link HubConfig}; throws with every problem listed
 * when a variable is wrong.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Readonly<HubConfig> {
  const parsed = ConfigSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}
