/**
 * The hub's module boundaries, checked by `npm run lint:boundaries` (part of `npm test`):
 * `depcruise apps/hub/src apps/cli/src tests bench --config .dependency-cruiser.cjs --output-type err-long`.
 *
 * Paths in the rules are relative to the repository root. Type-only imports count like any
 * other (`tsPreCompilationDeps`): a boundary crossed for a type is still crossed.
 * tests/architecture/boundaries.test.ts loads this file and proves that each rule catches a
 * deliberate violation, so the rules cannot drift from their test.
 */

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const forbidden = [
  {
    name: 'route-files-no-kysely',
    severity: 'error',
    comment:
      'A route file (modules/<m>/*.routes.ts) is HTTP only: schema, scope, call the service, map ' +
      'the result. It imports no kysely; queries belong in <m>.store.ts, transactions in ' +
      '<m>.service.ts.',
    from: { path: '^apps/hub/src/modules/.+\\.routes\\.ts$' },
    to: { path: ['(^|/)node_modules/kysely/', '^kysely(/|$)'] },
  },
  {
    name: 'platform-imports-no-module',
    severity: 'error',
    comment:
      'platform/ is the technical kernel: it imports no module (modules/**, including ' +
      'modules/database.ts) and nothing of the composition root (hub.ts, server.ts, main.ts, ' +
      'index.ts, seed/, testing/). It may import config.ts for now; slice two splits the ' +
      "platform's settings out of it. The platform's own tests (*.test.ts) are exempt: they " +
      'exercise a plugin or the store through a whole test hub, which the composition root ' +
      'builds; no kernel code imports them.',
    from: { path: '^apps/hub/src/platform/', pathNot: '\\.test\\.ts$' },
    to: {
      path: [
        '^apps/hub/src/modules/',
        '^apps/hub/src/(hub|server|main|index)\\.ts$',
        '^apps/hub/src/(seed|testing)/',
      ],
    },
  },
  {
    name: 'module-through-index',
    severity: 'error',
    comment:
      "A module imports another module only through that module's index.ts " +
      '(../contacts/index.js), its one door. Files directly in modules/ (database.ts) compose ' +
      'the modules and are no module themselves.',
    from: { path: '^apps/hub/src/modules/([^/]+)/' },
    to: {
      path: '^apps/hub/src/modules/[^/]+/',
      pathNot: ['^apps/hub/src/modules/$1/', '^apps/hub/src/modules/[^/]+/index\\.ts$'],
    },
  },
  {
    name: 'tests-bench-by-package-name',
    severity: 'error',
    comment:
      'tests/ and bench/ import packages by name (@safenet/hub, @safenet/hub/testing, ' +
      "@safenet/tests/support/…), never a package's sources by path (apps/*/src, " +
      "packages/*/src). A helper they need goes into the package's testing door.",
    from: { path: '^(tests|bench)/' },
    to: { path: '^(apps|packages)/[^/]+/src/' },
  },
  {
    name: 'bench-tests-by-package-name',
    severity: 'error',
    comment:
      'bench/ imports the local provider servers and helpers of tests/ by package name ' +
      '(@safenet/tests/support/twilio-server), not by a relative path into another workspace.',
    from: { path: '^bench/' },
    to: { path: '^tests/', dependencyTypes: ['local'] },
  },
  {
    name: 'cli-through-sdk-only',
    severity: 'error',
    comment:
      'apps/cli is a client of the hub like any integration: it reaches the hub through ' +
      '@safenet/sdk only (types included, from its re-exports). It imports nothing of the hub ' +
      '(apps/hub, @safenet/hub) nor of @safenet/core or @safenet/channels, by name or by path.',
    from: { path: '^apps/cli/src/' },
    to: {
      path: [
        '^apps/(hub|console)/',
        '^packages/(core|channels)/',
        '(^|/)node_modules/@safenet/(core|channels|hub|console)(/|$)',
      ],
    },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden,
  options: {
    // A package's dist/ is a leaf, not left out: the CLI's rule must see an import of
    // @safenet/core, which resolves (through the workspace link) to packages/core/dist/.
    doNotFollow: { path: ['(^|/)node_modules/', '^(apps|packages)/[^/]+/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'apps/hub/tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
