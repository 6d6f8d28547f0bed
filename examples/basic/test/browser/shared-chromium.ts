import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The WebSocket endpoint of the chromium this run shares between its browser test files. */
    chromiumEndpoint: string | undefined;
  }
}

/**
 * Global setup: one chromium for the whole run, which each file of browser tests connects to
 * (each test still gets browser contexts of its own: own cookies, storage and pages) instead of
 * starting one per file. Without chromium nothing starts; the harness says why.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!hasChromium) {
    project.provide('chromiumEndpoint', undefined);
    return undefined;
  }
  const server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}
