#!/usr/bin/env node
// The `messaging` command. A committed file rather than the bundle itself, so that installing
// the workspace links the command before the package is built; the command is dist/cli.cjs.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'dist', 'cli.cjs');
if (!existsSync(cli)) {
  process.stderr.write(`messaging: ${cli} is missing: build the package first (pnpm --filter @org/messaging build).\n`);
  process.exitCode = 1;
} else {
  require(cli);
}
