import { Command, CommanderError } from 'commander';
import { isMessagingError } from '../errors.js';
import { registerBackup } from './commands/backup.js';
import { registerEnableDisable } from './commands/enable.js';
import { registerExport } from './commands/export.js';
import { registerForgetUser } from './commands/forget-user.js';
import { registerMigrate } from './commands/migrate.js';
import { registerNotifications } from './commands/notifications.js';
import { registerPrune } from './commands/prune.js';
import { registerStats } from './commands/stats.js';
import { registerStatus } from './commands/status.js';
import { registerTemplates } from './commands/templates.js';
import { CliUserError, type CliIo, processIo } from './io.js';

declare const __PACKAGE_VERSION__: string | undefined;

/**
 * Runs the `messaging` command with the given arguments (without `node` and the script).
 * Resolves to the exit code; never calls process.exit, so tests can run it in-process.
 */
export async function runCli(args: string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const run = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      exitCode = err instanceof CliUserError ? err.exitCode : 1;
      if (err instanceof CliUserError || isMessagingError(err)) {
        io.err(`messaging: ${(err as Error).message}`);
      } else {
        const e = err as Error;
        io.err(`messaging: unexpected error: ${e?.message ?? String(err)}`);
        if (io.env.MESSAGING_DEBUG) io.err(String(e?.stack ?? ''));
        else io.err('Set MESSAGING_DEBUG=1 to see the stack trace.');
      }
    }
  };

  const program = new Command('messaging')
    .description('Manage the @org/messaging database: migrations, status, backups, retention, data requests and stats; copy its page templates.')
    .version(typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : 'dev')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
    })
    .showHelpAfterError('(run "messaging --help" for the commands)')
    .addHelpText(
      'after',
      `
The database: --db <file> for SQLite (default data/messages.db), --postgres <url>, or the
MESSAGING_DATABASE_URL environment variable.

Exit codes: 0 done, 1 an error (the message says what to fix; MESSAGING_DEBUG=1 adds the
stack trace of an unexpected one), 3 backup on Postgres (nothing written: use pg_dump).

Each command in detail (backups, retention, data requests, moving to Postgres):
node_modules/@org/messaging/docs/operations.md; the package's README.md links the other guides.

Examples:
  $ messaging migrate --db data/messages.db
  $ messaging status
  $ messaging enable --db data/messages.db
  $ messaging backup backups/messages.db
  $ messaging prune --older-than 1y --dry-run
  $ messaging export --user 42 --out member-42.json
  $ messaging forget-user 42 --mode erase --yes
  $ messaging stats --days 7
  $ messaging notifications pending
  $ messaging templates copy views/messaging
  $ messaging help status`,
    );

  registerMigrate(program, io, run);
  registerStatus(program, io, run);
  registerEnableDisable(program, io, run);
  registerBackup(program, io, run);
  registerPrune(program, io, run);
  registerExport(program, io, run);
  registerForgetUser(program, io, run);
  registerStats(program, io, run);
  registerNotifications(program, io, run);
  registerTemplates(program, io, run);
  // A mistake in a subcommand points at that subcommand's help, which has its flags and examples.
  for (const command of program.commands) command.showHelpAfterError(`(run "messaging ${command.name()} --help" for its options and examples)`);

  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with 1.
      return err.exitCode;
    }
    throw err;
  }
  if (args.length === 0) {
    program.outputHelp();
    return 1;
  }
  return exitCode;
}
