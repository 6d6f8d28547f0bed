import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run on the package's source, so they need no build first.
export default defineConfig({
  resolve: {
    alias: { '@org/messaging': fileURLToPath(new URL('../../packages/messaging/src/index.ts', import.meta.url)) },
  },
  test: {
    name: 'example',
    include: ['test/**/*.test.ts'],
    // The package's reporter: prints this run's count and adds it to CI's closing line.
    reporters: ['default', '../../packages/messaging/test/helpers/per-project-reporter.ts'],
    testTimeout: 20_000,
  },
});
