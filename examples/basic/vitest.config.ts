import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { browserScriptVitePlugin } from '../../packages/messaging/scripts/browser-script.js';

// Tests run on the package's source, so they need no build first; its browser script is
// compiled from TypeScript as the package build compiles it.
export default defineConfig({
  plugins: [browserScriptVitePlugin()],
  resolve: {
    alias: { '@org/messaging': fileURLToPath(new URL('../../packages/messaging/src/index.ts', import.meta.url)) },
  },
  test: {
    name: 'example',
    include: ['test/**/*.test.ts'],
    // The package's reporter: prints this run's count and adds it to CI's closing line.
    reporters: ['default', '../../packages/messaging/test/helpers/per-project-reporter.ts'],
    testTimeout: 20_000,
    // expect.poll waits for a condition (a stream closing, a row landing): up to 5 s, not the
    // default 1 s, which a loaded 2-core CI machine overran once (a closed page's stream still counted).
    expect: { poll: { timeout: 5_000 } },
    // One module graph for all files (the app and the package's source are imported once, not
    // once per file: about a third of the non-browser tests' time). No file replaces a module
    // (vi.mock); one that must would need a project of its own with isolation.
    isolate: false,
    // Two files at once even on two cores (vitest's default there is one): a browser test
    // mostly waits on chromium, a separate process, which the other worker's file fills.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // One chromium for the run's browser test files (test/browser/shared-chromium.ts).
    globalSetup: ['test/browser/shared-chromium.ts'],
  },
});
