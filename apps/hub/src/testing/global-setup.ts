import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { createHubTemplate, type HubTemplate } from './hub-template.js';

declare module 'vitest' {
  export interface ProvidedContext {
    hubTemplate: HubTemplate;
  }
}

/** Builds the embedded-database template once per test run. */
export default async function setup(project: TestProject) {
  const template = await createHubTemplate();
  project.provide('hubTemplate', template);
  return async () => {
    await rm(template.dir, { recursive: true, force: true });
  };
}
