import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run on the package's source, so they need no build first.
export default defineConfig({
  resolve: {
    alias: { '@org/messaging': fileURLToPath(new URL('../../packages/messaging/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
