import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { backupSqlite } from '../../db/operations/backup.js';
import { redactUrl } from '../../db/connection/postgres.js';
import { addDatabaseFlags, type DatabaseFlags, withDatabase } from '../database-flags.js';
import { type CliIo, CliUserError, formatBytes } from '../io.js';
import { createProgress } from '../progress.js';

/** Exit code of `backup` on Postgres: nothing was written; the output says how to use pg_dump. */
const EXIT_BACKUP_USE_PG_DUMP = 3;

/** The pg_dump command for the messaging tables (the password stays out: pg_dump asks, or reads PGPASSWORD / ~/.pgpass). */
function pgDumpCommand(url: string, schema: string | undefined, file: string): string {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const tables = schema ? `--schema=${quote(schema)}` : `--table='messaging_*'`;
  return `pg_dump --format=custom ${tables} --file=${quote(file)} ${quote(redactUrl(url).replace(':***@', '@'))}`;
}

export function registerBackup(program: Command, io: CliIo, run: (work: () => Promise<void>) => Promise<void>): void {
  addDatabaseFlags(
    program
      .command('backup')
      .argument('<file>', 'where to write the copy (its folder is created)')
      .description('Copy the SQLite messaging database while the app keeps running, then verify the copy.')
      .option('--force', 'replace the file if it already exists'),
  )
    .addHelpText(
      'after',
      `
The copy is consistent (SQLite's online backup API), checked with PRAGMA integrity_check and
written as one self-contained file. To restore: stop the app, copy the file over the database
(removing any messages.db-wal and messages.db-shm next to it), start the app.

On Postgres nothing is copied: the command prints the pg_dump command to run and exits with
code ${EXIT_BACKUP_USE_PG_DUMP}.

Examples:
  $ messaging backup backups/messages-$(date +%F).db --db data/messages.db
  $ messaging backup /tmp/messages.db --force`,
    )
    .action((file: string, flags: DatabaseFlags & { force?: boolean }) =>
      run(async () => {
        const target = resolve(file);
        await withDatabase(flags, io, async (handle) => {
          if (handle.capabilities.name === 'postgres') {
            const url = handle.postgres?.connectionString ?? 'postgres://…';
            io.out('This messaging database is on Postgres: back it up with pg_dump, for example:');
            io.out(`  ${pgDumpCommand(url, handle.postgres?.schema, target.replace(/\.db$/, '.dump'))}`);
            io.out('Restore with pg_restore --dbname=<url> <file>. See node_modules/@org/messaging/docs/operations.md.');
            throw new CliUserError('no backup was written (Postgres: use pg_dump as shown above).', EXIT_BACKUP_USE_PG_DUMP);
          }
          if (!handle.sqliteFile) throw new CliUserError('Only a SQLite file can be backed up this way.');
          if (existsSync(target) && !flags.force) throw new CliUserError(`${target} already exists. Add --force to replace it.`);
          const progress = createProgress(io, 'Backing up', 'pages');
          // finally: an error must not be printed onto the end of a half-drawn bar.
          const result = await backupSqlite(handle.sqliteFile, target, {
            overwrite: true,
            onProgress: (p) => progress.update(p.totalPages - p.remainingPages, p.totalPages),
          }).finally(() => progress.done());
          io.out(`Backed up ${handle.where} to ${result.file}`);
          io.out(`  integrity check: ok`);
          io.out(`  size:            ${formatBytes(result.bytes)}`);
          io.out(`  messages:        ${result.messages.toLocaleString('en-US')}`);
          if (result.restarts > 0) io.out(`  (the copy restarted ${result.restarts} time(s) because the app wrote meanwhile)`);
        });
      }),
    );
}
