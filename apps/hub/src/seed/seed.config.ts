import { configFragment, flag } from '../platform/config.js';

/** What a first start puts in an empty database: the demo tenant, or a bare root. */
export const seedConfig = configFragment({ SAFENET_DEMO: flag.default(true) }, (values) => ({
  demo: values.SAFENET_DEMO,
}));
