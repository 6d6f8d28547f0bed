// `pnpm messaging <command>`: the package's CLI pointed at this app's messages database
// (DATA_DIR/messages.db, or MESSAGING_DATABASE_URL when set).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('@org/messaging/package.json'));
const { bin } = require('@org/messaging/package.json');
const args = process.argv.slice(2);
const dataDir = resolve(process.env.DATA_DIR ?? fileURLToPath(new URL('../data', import.meta.url)));
const hasTarget = args.some((a) => a === '--db' || a === '--postgres' || a.startsWith('--db=') || a.startsWith('--postgres='));
const isCommand = args.length > 0 && !args[0].startsWith('-') && args[0] !== 'help';
if (isCommand && !hasTarget && !process.env.MESSAGING_DATABASE_URL) args.push('--db', join(dataDir, 'messages.db'));
const result = spawnSync(process.execPath, [join(pkgDir, bin.messaging), ...args], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
