import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the packages' sources; child processes (crash test) run dist/.
    alias: {
      '@safenet/core': src('./packages/core/src/index.ts'),
      '@safenet/channels': src('./packages/channels/src/index.ts'),
      '@safenet/sdk': src('./packages/sdk/src/index.ts'),
      '@safenet/hub': src('./apps/hub/src/index.ts'),
    },
  },
  test: {
    globalSetup: ['apps/hub/src/testing/global-setup.ts'],
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
