// `pnpm messaging <command>` from the repository root: the package's CLI pointed at this app's
// messages database (DATA_DIR/messages.db, or MESSAGING_DATABASE_URL when set). It builds the
// package first when the build is missing or older than its sources, with the build's log on
// stderr, so that stdout carries only the command's result (`pnpm -s messaging export … > f`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('@org/messaging/package.json'));
const { bin } = require('@org/messaging/package.json');
const cli = join(pkgDir, bin.messaging);

/** The newest modification time under a folder (the package's sources). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const srcDir = join(pkgDir, 'src');
if (!existsSync(cli) || (existsSync(srcDir) && newest(srcDir) > statSync(cli).mtimeMs)) {
  const pnpm = process.env.npm_execpath;
  const [command, prefix] = pnpm && /\.[cm]?js$/.test(pnpm) ? [process.execPath, [pnpm]] : ['pnpm', []];
  const built = spawnSync(command, [...prefix, '--filter', '@org/messaging', 'build'], { stdio: ['ignore', 2, 2] });
  if (built.status !== 0) {
    console.error('messaging: building the package failed (see above).');
    process.exit(built.status ?? 1);
  }
}

const args = process.argv.slice(2);
const dataDir = resolve(process.env.DATA_DIR ?? fileURLToPath(new URL('../data', import.meta.url)));
const hasTarget = args.some((a) => a === '--db' || a === '--postgres' || a.startsWith('--db=') || a.startsWith('--postgres='));

// This app keeps the messaging switch in its own settings table (app.db; see
// settings-toggle.ts), which `messaging enable|disable` cannot see: flip that one here.
if ((args[0] === 'enable' || args[0] === 'disable') && args.length === 1 && !process.env.MESSAGING_DATABASE_URL) {
  const appDb = join(dataDir, 'app.db');
  if (!existsSync(appDb)) {
    console.error(`messaging: the example app has no data at ${dataDir} yet: start it once (pnpm start).`);
    process.exit(1);
  }
  const Database = require('better-sqlite3');
  const db = new Database(appDb);
  const value = args[0] === 'enable' ? 'on' : 'off';
  db.prepare(
    "insert into settings (key, value, updated_at, updated_by) values ('messaging_enabled', ?, ?, null) on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = null",
  ).run(value, new Date().toISOString());
  db.close();
  console.log(`Messaging is now ${value} in the example app (its own switch in ${appDb}; the running app sees it on the next request).`);
  process.exit(0);
}
// `templates` copies and lists template files: it touches no database and takes no --db.
const isCommand = args.length > 0 && !args[0].startsWith('-') && args[0] !== 'help' && args[0] !== 'templates';
if (isCommand && !hasTarget && !process.env.MESSAGING_DATABASE_URL) args.push('--db', join(dataDir, 'messages.db'));
// INIT_CWD is where the user ran `pnpm messaging`: relative paths (`backup x.db`, `--out`) mean that folder.
const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', cwd: process.env.INIT_CWD ?? process.cwd() });
process.exitCode = result.status ?? 1;
