/**
 * Which Chromium Playwright launches. Browsers cannot be downloaded on the build machine, so we
 * prefer an explicitly configured executable, then Debian's /usr/bin/chromium, and otherwise fall
 * back to Playwright's own browser (executablePath undefined). Shared by playwright.config.ts and
 * bench/ (plain JavaScript so Node 20 can run the bench without a TypeScript loader).
 */
import { existsSync } from 'node:fs';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * The Chromium executable to use, or undefined for Playwright's bundled browser.
 * @returns {string | undefined}
 */
export function chromiumExecutablePath() {
  const fromEnv = process.env.KEYWARD_CHROMIUM ?? process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) return fromEnv;
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

/**
 * Launch options for Chromium on this machine (and anywhere else).
 * @returns {import('@playwright/test').LaunchOptions}
 */
export function chromiumLaunchOptions() {
  const executablePath = chromiumExecutablePath();
  return {
    ...(executablePath === undefined ? {} : { executablePath }),
    args: [...CHROMIUM_ARGS],
  };
}
