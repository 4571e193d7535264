/**
 * A real browser for the console's tests: Debian's Chromium (`/usr/bin/chromium`, or
 * `CHROMIUM_PATH`) driven by playwright-core, which downloads no browser of its own. Pages
 * must be loaded from the hub itself: Chromium's Local Network Access checks block requests
 * from a page it counts as public (about:blank too) to 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run: Chromium is installed. In CI (`CI=true`) a missing
 * Chromium throws instead, so the tests never pass by being skipped (`.ci/run` installs it).
 */
export function shouldTestBrowser(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium (.ci/run does)`);
  }
  return false;
}

/** The name of a browser suite, saying why when it is skipped. */
export function browserVariant(available: boolean, name: string): string {
  return available
    ? name
    : `${name} — skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium; in CI this fails)`;
}

/** Launch flags for a headless run on a shared machine, with no traffic of its own. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // No start-up DNS look-ups: the tests reach the hub on 127.0.0.1 only.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
];

/**
 * What every page of the tests is opened with: a reduced-motion preference, which the console
 * honours (Mantine's `respectReducedMotion`) — dialogs open without a fade, so axe reads their
 * final colours, not a frame of the fade (text mid-fade fails contrast, depending on how busy
 * the machine is). Spread into each `newContext`.
 */
export const PAGE_DEFAULTS = { reducedMotion: 'reduce' } as const;

/** A browser, closed on dispose. Playwright gives each launch a fresh, temporary profile. */
export interface TestBrowser extends AsyncDisposable {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: FLAGS,
    headless: true,
  });
  const close = () => browser.close();
  return { browser, close, [Symbol.asyncDispose]: close };
}

/**
 * Runs axe-core on the page as it is and returns its serious and critical violations, each as
 * `rule: target (summary)` so a failing assertion says what to fix.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((node) => `${v.id}: ${node.target.join(' ')} (${node.failureSummary ?? v.help})`),
    );
}
