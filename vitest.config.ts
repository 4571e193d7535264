import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the packages' sources; child processes (crash test) run dist/.
    // Exact matches, so a subpath (`@safenet/hub/testing`) never falls to its package's root.
    alias: [
      { find: /^@safenet\/core$/, replacement: src('./packages/core/src/index.ts') },
      { find: /^@safenet\/core\/roles$/, replacement: src('./packages/core/src/roles.ts') },
      { find: /^@safenet\/channels$/, replacement: src('./packages/channels/src/index.ts') },
      { find: /^@safenet\/sdk$/, replacement: src('./packages/sdk/src/index.ts') },
      { find: /^@safenet\/hub$/, replacement: src('./apps/hub/src/index.ts') },
      { find: /^@safenet\/hub\/testing$/, replacement: src('./apps/hub/src/testing/index.ts') },
    ],
  },
  test: {
    globalSetup: ['apps/hub/src/testing/global-setup.ts'],
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    // A poll waits for what the page or the hub will show; how long that takes is the
    // machine's business (browser tests on a loaded machine take seconds), not the test's.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // A worker keeps the modules it loaded from one test file to the next: loading the hub
    // again for each of ~200 files cost a fifth of the run. Tests share no module state —
    // each starts its own hub, store and servers — and restore what they stub.
    isolate: false,
  },
});
