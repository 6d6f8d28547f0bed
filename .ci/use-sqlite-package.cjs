// Preloaded (node --require) by `.ci/other-node <major> --sqlite <version>`: makes every
// `require`/`import` of better-sqlite3 load the copy installed in a temporary folder (the path in
// MESSAGING_SQLITE_PACKAGE) instead of the workspace's, so the suite runs against another major
// of better-sqlite3 (JS and native addon) without touching node_modules. Also for child
// processes, which inherit NODE_OPTIONS. Needs module.registerHooks (Node 22.15+).
'use strict';
const { existsSync } = require('node:fs');
const { registerHooks } = require('node:module');
const { pathToFileURL } = require('node:url');

const target = process.env.MESSAGING_SQLITE_PACKAGE;
if (!target || !existsSync(`${target}/package.json`)) {
  throw new Error('use-sqlite-package.cjs: set MESSAGING_SQLITE_PACKAGE to the better-sqlite3 folder to load');
}
if (typeof registerHooks !== 'function') throw new Error(`use-sqlite-package.cjs: Node ${process.version} has no module.registerHooks`);
const targetUrl = pathToFileURL(target).href;
// Any resolved file of a better-sqlite3 package (the workspace's sits in pnpm's store); the
// bare name is resolved by Node first, so vitest's own resolution to a file URL is covered too.
const PACKAGE_FILE = /^file:\/\/.*\/node_modules\/better-sqlite3(\/.*)$/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    const file = PACKAGE_FILE.exec(resolved.url);
    if (!file || resolved.url.startsWith(`${targetUrl}/`)) return resolved;
    return { ...resolved, url: targetUrl + file[1] };
  },
});
