#!/usr/bin/env node
/**
 * Adds lockfile entries for other platforms' optional binaries (biome, rollup, turbo, …).
 *
 * The registry this project is built against serves only the packages for the platforms
 * its machines run (linux x64/arm64, glibc). `npm install` then leaves the other platforms'
 * optional packages out of package-lock.json, and `npm ci` refuses the lock as "Missing: …".
 * This script writes those entries back with the os/cpu/libc they are for, read from the
 * package name, so `npm ci` skips them on this platform without fetching anything.
 * Run it after every `npm install` that changes the lock: `node tools/lock-platforms.mjs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const packages = lock.packages;

const OS = {
  android: 'android',
  darwin: 'darwin',
  linux: 'linux',
  win32: 'win32',
  windows: 'win32',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  openharmony: 'openharmony',
  netbsd: 'netbsd',
  sunos: 'sunos',
  aix: 'aix',
};
const CPU = {
  arm64: 'arm64',
  x64: 'x64',
  64: 'x64',
  ia32: 'ia32',
  arm: 'arm',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
  mips64el: 'mips64el',
};

/** os, cpu and libc from a platform package name such as `@rollup/rollup-linux-x64-musl`. */
function platformOf(name) {
  const tokens = name.split('/').pop().split('-');
  const os = tokens.map((t) => OS[t]).find(Boolean);
  const osIndex = tokens.findIndex((t) => OS[t]);
  const cpu = tokens
    .slice(osIndex + 1)
    .map((t) => CPU[t])
    .find(Boolean);
  if (!os || !cpu) return undefined;
  const libc =
    tokens.includes('musl') || tokens.includes('musleabihf')
      ? 'musl'
      : os === 'linux'
        ? 'glibc'
        : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path === '' ? '' : `${path}/`;
    const candidates = [`${base}node_modules/${name}`, `node_modules/${name}`];
    if (candidates.some((c) => packages[c])) continue;
    const platform = platformOf(name);
    if (!platform) {
      console.warn(`skipped ${name}: cannot tell its platform from the name`);
      continue;
    }
    packages[`node_modules/${name}`] = {
      version,
      cpu: [platform.cpu],
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      license: entry.license ?? 'MIT',
      optional: true,
      os: [platform.os],
    };
    added += 1;
  }
}
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platforms: added ${added} optional platform entries`);
