// Preloaded (node --require) by .ci/node-version-check: better-sqlite3 is a native addon built
// for one Node ABI, and the workspace's copy is built for the Node that ran `pnpm install`.
// This loads the copy that .ci/node-version-check built for the Node running now (the path in
// MESSAGING_SQLITE_BINDING), so another Node can run the suite without touching node_modules.
'use strict';
const { basename } = require('node:path');

const binding = process.env.MESSAGING_SQLITE_BINDING;
if (!binding) throw new Error('use-sqlite-binding.cjs: set MESSAGING_SQLITE_BINDING to the better_sqlite3.node to load');
const dlopen = process.dlopen;
process.dlopen = function (module, filename, ...rest) {
  return dlopen.call(this, module, basename(filename) === 'better_sqlite3.node' ? binding : filename, ...rest);
};
