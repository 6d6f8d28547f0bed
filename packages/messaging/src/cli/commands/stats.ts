import type { Command } from 'commander';
import { readUsageStats } from '../../services/operations/usage-stats.js';
import { addDatabaseFlags, type DatabaseFlags, withDatabase } from '../database-flags.js';
import { type CliIo, CliUserError, formatBytes } from '../io.js';

export function registerStats(program: Command, io: CliIo, run: (work: () => Promise<void>) => Promise<void>): void {
  addDatabaseFlags(
    program
      .command('stats')
      .description('Messages and new threads per day, active members and the database size.')
      .option('--days <n>', 'how many days back, today included', '30')
      .option('--json', 'print the numbers as JSON'),
  )
    .addHelpText(
      'after',
      `
Days are UTC. "Active members" are the members who sent at least one message in the period.

Examples:
  $ messaging stats
  $ messaging stats --days 7 --db data/messages.db
  $ messaging stats --days 90 --json`,
    )
    .action((flags: DatabaseFlags & { days: string; json?: boolean }) =>
      run(async () => {
        const days = Number(flags.days);
        if (!Number.isInteger(days) || days < 1 || days > 3660) throw new CliUserError('--days must be a whole number from 1 to 3660.');
        await withDatabase(flags, io, async (handle) => {
          const stats = await readUsageStats(handle, { days });
          if (flags.json) {
            io.out(JSON.stringify(stats, null, 2));
            return;
          }
          io.out(`Database:        ${handle.where}`);
          io.out(`Size:            ${stats.databaseBytes === null ? 'unknown' : formatBytes(stats.databaseBytes)}`);
          io.out(`Period:          ${stats.since} to today (${days} day${days === 1 ? '' : 's'}, UTC)`);
          io.out(`Messages:        ${stats.totals.messages}`);
          io.out(`New threads:     ${stats.totals.threadsCreated}`);
          io.out(`Active members:  ${stats.totals.activeSenders} (sent at least one message)`);
          const files = stats.attachments;
          if (files)
            io.out(
              `Files:           ${files.uploaded} uploaded in the period (${formatBytes(files.uploadedBytes)}); ${files.storedFiles} stored, ${formatBytes(files.storedBytes)}`,
            );
          const notes = stats.notifications;
          io.out(`Notifications:   ${notes.sent} sent, ${notes.pending + notes.sending} pending, ${notes.failed} failed, ${notes.skipped} skipped (made in the period)`);
          const busiest = Math.max(1, ...stats.perDay.map((d) => d.messages));
          io.out('');
          io.out('Day         Messages  Threads  Senders');
          for (const day of stats.perDay) {
            if (days > 31 && day.messages === 0 && day.threadsCreated === 0) continue;
            const bar = '#'.repeat(Math.ceil((day.messages / busiest) * 20));
            io.out(`${day.date}  ${String(day.messages).padStart(8)}  ${String(day.threadsCreated).padStart(7)}  ${String(day.activeSenders).padStart(7)}  ${bar}`.trimEnd());
          }
        });
      }),
    );
}
