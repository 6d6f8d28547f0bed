import { Command, CommanderError } from 'commander';
import { isMessagingError } from '../errors.js';
import { registerEnableDisable } from './commands/enable.js';
import { registerMigrate } from './commands/migrate.js';
import { registerStatus } from './commands/status.js';
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
    .description('Manage the @org/messaging database: migrations, status and more.')
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

Examples:
  $ messaging migrate --db data/messages.db
  $ messaging status
  $ messaging enable --db data/messages.db
  $ messaging help status`,
    );

  registerMigrate(program, io, run);
  registerStatus(program, io, run);
  registerEnableDisable(program, io, run);

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
