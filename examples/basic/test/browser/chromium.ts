import { existsSync } from 'node:fs';

/**
 * Debian's chromium, driven by playwright-core: never a downloaded browser. CHROMIUM_PATH
 * points elsewhere on machines that keep it elsewhere.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** The flags that keep chromium quiet, offline and headless in CI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
