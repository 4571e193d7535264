import { collectDefaultMetrics, Registry } from 'prom-client';

/** Every metric of the hub is named `safenet_…` (docs/reference/metrics.md lists them). */
export const METRIC_PREFIX = 'safenet_';

let processRegistry: Registry | undefined;

/**
 * The process's own metrics — CPU, memory, event-loop lag, garbage collection (prom-client's
 * default metrics, prefixed `safenet_`) — collected once per process, not per hub: each
 * collection starts an event-loop delay monitor and a GC observer that run for the life of
 * the process, and tests start hundreds of hubs in one. Never prom-client's global registry.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: METRIC_PREFIX });
  }
  return processRegistry;
}

/**
 * A hub's own registry. The platform and each module register their metrics in it (handed
 * to modules as `Platform.metrics`); several hubs in one process never share counters.
 */
export function createMetricsRegistry(): Registry {
  processMetrics();
  return new Registry();
}

/** What a scrape answers: the process's metrics and the hub's, in Prometheus text format. */
export async function scrape(hub: Registry): Promise<string> {
  return Registry.merge([processMetrics(), hub]).metrics();
}

/** The content type of {@link scrape}'s text. */
export const SCRAPE_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;
