#!/usr/bin/env node
import { runCli } from './main.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`messaging: ${(err as Error)?.message ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
