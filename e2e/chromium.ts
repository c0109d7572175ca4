/**
 * Which Chromium Playwright launches. Browsers cannot be downloaded on the build machine, so we
 * prefer an explicitly configured executable, then Debian's /usr/bin/chromium, and otherwise fall
 * back to Playwright's own browser (executablePath undefined). Shared by playwright.config.ts and
 * bench/.
 */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

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

/** The Chromium executable to use, or undefined for Playwright's bundled browser. */
export function chromiumExecutablePath(): string | undefined {
  const fromEnv = process.env.KEYWARD_CHROMIUM ?? process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) return fromEnv;
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

/** Launch options for Chromium on this machine (and anywhere else). */
export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = chromiumExecutablePath();
  return {
    ...(executablePath === undefined ? {} : { executablePath }),
    args: [...CHROMIUM_ARGS],
  };
}
