import type { Command } from 'commander';
import { readDatabaseReport } from '../../db/operations/status.js';
import { addDatabaseFlags, type DatabaseFlags, withDatabase } from '../database-flags.js';
import { type CliIo, formatBytes } from '../io.js';

export function registerStatus(program: Command, io: CliIo, run: (work: () => Promise<void>) => Promise<void>): void {
  addDatabaseFlags(
    program.command('status').description('Show the schema version, pending migrations, row counts and (SQLite) file sizes.').option('--json', 'print the report as JSON'),
  )
    .addHelpText(
      'after',
      `
It changes no data, so it also shows what a backup file holds before you restore it.

Examples:
  $ messaging status --db data/messages.db
  $ messaging status --db backups/messages-2025-01-31.db
  $ messaging status --postgres postgres://app@localhost/app --json`,
    )
    .action((flags: DatabaseFlags & { json?: boolean }) =>
      run(() =>
        // 'file': a mistyped --db is an error, not a new empty database.
        withDatabase(
          flags,
          io,
          async (handle) => {
            const report = await readDatabaseReport(handle);
            if (flags.json) {
              io.out(JSON.stringify(report, null, 2));
              return;
            }
            const { schema } = report;
            io.out(`Database:        ${report.where} (${report.dialect})`);
            io.out(`Schema version:  ${schema.version} of ${schema.latest}${schema.version === 0 ? ' (empty: run "messaging migrate")' : ''}`);
            io.out(`Pending:         ${schema.pending.length === 0 ? 'none' : schema.pending.join(', ')}`);
            if (schema.unknown.length > 0) io.out(`Unknown:         ${schema.unknown.join(', ')} (written by a newer @org/messaging: upgrade it)`);
            if (report.fileBytes !== undefined) io.out(`File size:       ${formatBytes(report.fileBytes)} (+ WAL ${formatBytes(report.walBytes ?? 0)})`);
            const notes = report.notifications;
            if (notes) io.out(`Notifications:   ${notes.pending} pending, ${notes.sending} sending, ${notes.sent} sent, ${notes.failed} failed, ${notes.skipped} skipped`);
            const files = report.attachments;
            if (files) {
              io.out(
                `Attachments:     ${files.files} file(s) on messages, ${formatBytes(files.bytes)}; ${files.stagedFiles} upload(s) not sent, ${formatBytes(files.stagedBytes)}; ${formatBytes(files.databaseBytes)} in the database`,
              );
            }
            const tables = Object.entries(report.rowCounts);
            if (tables.length > 0) {
              io.out('Rows:');
              const width = Math.max(...tables.map(([t]) => t.length));
              for (const [table, count] of tables) io.out(`  ${table.padEnd(width)}  ${count}`);
            }
          },
          'file',
        ),
      ),
    );
}
