import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * What the browser-test harness does on a machine without chromium, and where its screenshots
 * go. A nested vitest run on one browser test file with CHROMIUM_PATH pointing at nothing.
 */
const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(exampleDir, '../..');
const vitestBin = join(exampleDir, 'node_modules/vitest/vitest.mjs');

/** Runs one browser test file without chromium; `ci` sets CI=true as .ci/run does. */
function runWithoutChromium(ci: boolean) {
  // No MESSAGING_TEST_SUMMARY: the nested run must not add its counts to CI's closing line.
  const { MESSAGING_TEST_SUMMARY: _summary, CI: _ci, ...env } = process.env;
  const result = spawnSync(process.execPath, [vitestBin, 'run', 'test/browser/entry-points.browser.test.ts'], {
    cwd: exampleDir,
    encoding: 'utf8',
    env: { ...env, CHROMIUM_PATH: '/nonexistent/chromium', ...(ci ? { CI: 'true' } : {}) },
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('the browser-test harness without chromium', () => {
  it('fails the run in CI, naming what is missing', { timeout: 150_000 }, () => {
    const { status, output } = runWithoutChromium(true);
    expect(status, output).not.toBe(0);
    expect(output).toContain('/nonexistent/chromium');
    expect(output).toMatch(/CI/);
  });

  it('skips with a warning on a developer machine', { timeout: 150_000 }, () => {
    const { status, output } = runWithoutChromium(false);
    expect(status, output).toBe(0);
    expect(output).toMatch(/browser tests skipped: \/nonexistent\/chromium not found/);
  });
});

describe('screenshots of the browser tests', () => {
  const name = `harness-check-${process.pid}.png`;
  const tracked = join(repoRoot, 'docs/screenshots', name);
  const artifact = join(repoRoot, '.test-artifacts/screenshots', name);
  afterEach(() => {
    rmSync(tracked, { force: true });
    rmSync(artifact, { force: true });
  });

  it('go to .test-artifacts/screenshots, not to the tracked docs/screenshots', async () => {
    const { screenshot } = await import('./browser/harness.js');
    const paths: string[] = [];
    // A stand-in for a playwright Page: screenshot() only calls page.screenshot({ path }).
    const page = { screenshot: async ({ path }: { path: string }) => void paths.push(path) };
    await screenshot(page as never, name);
    expect(paths).toEqual([artifact]);
    expect(existsSync(tracked)).toBe(false);
  });

  it('go to docs/screenshots when asked with UPDATE_SCREENSHOTS=1', async () => {
    const { screenshotDir } = await import('./browser/harness.js');
    expect(screenshotDir({ UPDATE_SCREENSHOTS: '1' })).toBe(join(repoRoot, 'docs/screenshots'));
    expect(screenshotDir({})).toBe(join(repoRoot, '.test-artifacts/screenshots'));
  });
});
