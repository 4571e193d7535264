/**
 * The top self times of a V8 CPU profile (`node --cpu-prof`), as shares of the time the
 * process was busy (idle and garbage collection shown apart): by function, then by package
 * (`node_modules/<name>`, `node:` internals, the hub's own code). For the profiles
 * `processes-sms.bench.ts --cpu-prof DIR` writes.
 * Usage: node --import tsx cpu-profile-top.ts FILE.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: cpu-profile-top.ts FILE.cpuprofile [--top 25]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

/** Microseconds of self time per key. */
const functions = new Map<string, number>();
const packages = new Map<string, number>();
const add = (map: Map<string, number>, key: string, us: number) =>
  map.set(key, (map.get(key) ?? 0) + us);
let idle = 0;
let total = 0;
// Each sample's time is the delta that follows it (V8 records the gap before the next one).
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i + 1] ?? 0;
  const frame = byId.get(id)?.callFrame;
  if (!frame) return;
  total += us;
  if (frame.functionName === '(idle)') {
    idle += us;
    return;
  }
  const where = frame.url.replace(/^file:\/\//, '');
  const name = frame.functionName || '(anonymous)';
  add(functions, `${name}  ${shortPath(where)}:${frame.lineNumber + 1}`, us);
  add(packages, packageOf(where, name), us);
});

function shortPath(path: string): string {
  if (path === '') return '';
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) return path.slice(modules + 'node_modules/'.length);
  return path.replace(/^.*\/(apps|packages)\//, '$1/');
}

function packageOf(path: string, name: string): string {
  if (path === '') return name.startsWith('(') ? name : '(native)';
  if (path.startsWith('node:')) return 'node: internals';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
    path.slice(path.lastIndexOf('node_modules/')),
  );
  if (match?.[1]) return match[1];
  return shortPath(path).split('/').slice(0, 2).join('/');
}

const busy = total - idle;
const top = Number(values.top);
const percent = (us: number) => `${((100 * us) / busy).toFixed(1)} %`.padStart(7);
console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)} %); shares of busy time`,
);
console.log('\nself time by function');
for (const [key, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${percent(us)}  ${key}`);
}
console.log('\nself time by package');
for (const [key, us] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${percent(us)}  ${key}`);
}
