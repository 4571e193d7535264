/**
 * Loads the example programme files into a hub: creates the demo tree they name (with codes),
 * then loads each file whole — campaign, plan, announcements, reminders — a plan after the one
 * it implements. Run from the repository's root:
 *
 *   SAFENET_URL=http://127.0.0.1:3000 SAFENET_API_KEY=sn_… npm run examples:load
 *   npm run examples:load -- --dry-run         # check only, write nothing but the tree
 *
 * The key must be an admin key of the root ministry (the one `npm start` prints). Loading again
 * changes nothing: each file answers `unchanged`.
 */
import { readFile } from 'node:fs/promises';
import { SafenetApiError, SafenetClient } from '@safenet/sdk';
import { buildDemoTree, EXAMPLE_FILES } from './demo-tree.js';

// The script's only inputs besides its flags: where the hub is, and an admin key.
const { SAFENET_URL: baseUrl = 'http://127.0.0.1:3000', SAFENET_API_KEY: apiKey } = process.env;
if (!apiKey) {
  console.error('Set SAFENET_API_KEY to an admin key of the root ministry (npm start prints one).');
  process.exit(2);
}
const dryRun = process.argv.includes('--dry-run');

const client = new SafenetClient({ baseUrl, apiKey });
const [root] = (await client.organisations.list({ limit: 1 })).items;
if (!root || root.parentId !== null) {
  console.error('The key must belong to the root ministry: its organisation comes first.');
  process.exit(2);
}
const ids = await buildDemoTree(client, root.id);
console.log(`demo tree under "${root.name}":`);
for (const [code, id] of Object.entries(ids)) console.log(`  ${code}  ${id}`);

let failed = false;
for (const name of EXAMPLE_FILES) {
  const text = await readFile(new URL(name, import.meta.url), 'utf8');
  try {
    const { outcome, campaign } = await client.campaigns.load(text, { format: 'yaml', dryRun });
    console.log(`${name}: ${outcome}${dryRun ? ' (dry run)' : ''} — campaign ${campaign.id}`);
  } catch (error) {
    if (!(error instanceof SafenetApiError)) throw error;
    failed = true;
    console.error(`${name}: ${error.code} — ${error.message}`);
    for (const p of error.errors) {
      console.error(`  ${p.line ?? '?'}:${p.column ?? '?'} ${p.path} [${p.code}] ${p.message}`);
    }
  }
}
process.exit(failed ? 1 : 0);
