// Runs before the test suites: builds the package only when dist/ is missing or older than
// what it is built from (src/, the build config, package.json, the docs it copies). The tests
// import the build (the CLI, the served script, the package as a host installs it), so a stale
// dist/ would test old code; CI has just built, and a second build would only cost time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const outputs = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.cjs'];
const inputs = ['src', 'scripts', 'tsup.config.ts', 'package.json', '../../docs'];

/** The newest modification time under a path (a file or a folder, recursively). */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(`${path}/${entry}`));
  return latest;
}

const at = (relative) => new URL(relative, root).pathname;
const missing = outputs.filter((file) => !existsSync(at(file)));
const builtAt = missing.length > 0 ? 0 : Math.min(...outputs.map((file) => statSync(at(file)).mtimeMs));
const changedAt = Math.max(...inputs.filter((path) => existsSync(at(path))).map((path) => newest(at(path))));

if (builtAt > changedAt) {
  console.log('@org/messaging: dist/ is newer than its sources; not building again.');
} else {
  // pnpm runs this script: npm_execpath is pnpm's own entry point when it is a .js/.cjs file.
  const pnpm = process.env.npm_execpath;
  const [command, prefix] = pnpm && /\.[cm]?js$/.test(pnpm) ? [process.execPath, [pnpm]] : ['pnpm', []];
  const built = spawnSync(command, [...prefix, 'run', 'build'], { cwd: at('.'), stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(built.status ?? 1);
}
