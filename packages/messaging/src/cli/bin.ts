#!/usr/bin/env node
import { guardProcessOutput } from './io.js';
import { runCli } from './main.js';

// `messaging status | head -1`: the reader leaving must not crash the command (EPIPE).
guardProcessOutput();

// Ctrl-C during a long command: without this, node dies with the progress bar still on the
// line and the shell prompt is printed after it. Work already committed stays (each prune
// batch is its own transaction); an unfinished output file keeps its ".partial-<pid>" name.
process.once('SIGINT', () => {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
  const writesFile = process.argv.slice(2).some((a) => a === 'backup' || a === 'export');
  const leftover = writesFile ? ` A file ending in .partial-${process.pid} next to the target is unfinished: delete it.` : '';
  process.stderr.write(`messaging: interrupted. The database is consistent: run the command again.${leftover}\n`);
  process.exit(130);
});

runCli(process.argv.slice(2)).then(
  (code) => {
    // An output failure already set 1 (see guardProcessOutput): keep it.
    process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
  },
  (err) => {
    process.stderr.write(`messaging: ${(err as Error)?.message ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
