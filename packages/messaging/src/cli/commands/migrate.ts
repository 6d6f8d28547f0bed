import type { Command } from 'commander';
import { migrateToLatest } from '../../db/migrations/migrate.js';
import { addDatabaseFlags, type DatabaseFlags, withDatabase } from '../database-flags.js';
import type { CliIo } from '../io.js';

export function registerMigrate(program: Command, io: CliIo, run: (work: () => Promise<void>) => Promise<void>): void {
  addDatabaseFlags(program.command('migrate').description('Create the messaging tables, or bring them to the latest schema. Safe to run again.'))
    .addHelpText(
      'after',
      `
Examples:
  $ messaging migrate --db data/messages.db
  $ messaging migrate --postgres postgres://app@localhost/app
  $ MESSAGING_DATABASE_URL=postgres://app@localhost/app messaging migrate`,
    )
    .action((flags: DatabaseFlags) =>
      run(() =>
        withDatabase(
          flags,
          io,
          async (handle) => {
            const applied = await migrateToLatest(handle);
            if (applied.length === 0) {
              io.out(`The messaging database ${handle.where} is up to date; nothing to do.`);
            } else {
              io.out(`Migrated the messaging database ${handle.where}:`);
              for (const name of applied) io.out(`  applied ${name}`);
            }
          },
          'none',
        ),
      ),
    );
}
