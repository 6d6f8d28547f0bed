import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { browserScriptEsbuildPlugin } from './scripts/browser-script.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig([
  {
    // The library: ESM and CommonJS, each with its own types (index.d.ts / index.d.cts).
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    // import.meta.url in the CommonJS build (prom-client is loaded with createRequire).
    shims: true,
    clean: false,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    define: { __PACKAGE_VERSION__: JSON.stringify(version) },
    // The served script: src/browser compiled to a classic script, inlined as a string.
    esbuildPlugins: [browserScriptEsbuildPlugin()],
  },
  {
    // The `messaging` command: one CommonJS file that runs with plain `node`.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['cjs'],
    dts: false,
    clean: false,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    define: { __PACKAGE_VERSION__: JSON.stringify(version) },
    esbuildPlugins: [browserScriptEsbuildPlugin()],
  },
]);
