// Compiles the browser code (src/browser, TypeScript with the DOM types) into the classic
// scripts the package serves, for the build (tsup.config.ts) and for the tests that run the
// package from its source (vitest configs): `import SCRIPT from '…/pages.ts?iife'` yields
// the entry bundled into one IIFE, as a string. src/views/assets/iife-module.d.ts types it.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin as EsbuildPlugin } from 'esbuild';

const QUERY = '?iife';

/** The entry and what it imports, as one classic script (no import/export: served with `<script src defer>`). */
export async function compileBrowserScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    // What the pages support anyway (EventSource, fetch, optional chaining).
    target: 'es2020',
    // Strict mode, as before: esbuild adds "use strict" from the tsconfig's `strict`.
    tsconfig: fileURLToPath(new URL('../src/browser/tsconfig.json', import.meta.url)),
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [file] = result.outputFiles;
  if (!file) throw new Error(`esbuild wrote nothing for ${entry}`);
  return file.text;
}

const moduleOf = (script: string) => `export default ${JSON.stringify(script)};\n`;

/** For tsup: resolves `<entry>.ts?iife` imports to the compiled script. */
export function browserScriptEsbuildPlugin(): EsbuildPlugin {
  return {
    name: 'messaging-browser-script',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\?iife$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -QUERY.length)), namespace: 'browser-script' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'browser-script' }, async (args) => ({ contents: moduleOf(await compileBrowserScript(args.path)), loader: 'js' }));
    },
  };
}

/** For vitest (a vite plugin, typed by shape so that this file needs no vite types). */
export function browserScriptVitePlugin() {
  return {
    name: 'messaging-browser-script',
    enforce: 'pre' as const,
    async load(id: string): Promise<string | null> {
      if (!id.endsWith(QUERY)) return null;
      return moduleOf(await compileBrowserScript(id.slice(0, -QUERY.length)));
    },
  };
}
