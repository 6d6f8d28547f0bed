import type { Command } from 'commander';
import { parseDuration, pruneMessages } from '../../services/operations/retention.js';
import { addDatabaseFlags, type DatabaseFlags, withDatabase } from '../database-flags.js';
import { type CliIo, CliUserError } from '../io.js';
import { createProgress } from '../progress.js';

interface PruneFlags extends DatabaseFlags {
  olderThan: string;
  dryRun?: boolean;
  batchSize?: string;
}

const n = (value: number) => value.toLocaleString('en-US');

export function registerPrune(program: Command, io: CliIo, run: (work: () => Promise<void>) => Promise<void>): void {
  addDatabaseFlags(
    program
      .command('prune')
      .description('Delete messages older than a retention period, in small batches while the app runs.')
      .requiredOption('--older-than <duration>', 'how old a message must be to go: 36h, 90d, 12w or 1y (a year is 365 days)')
      .option('--dry-run', 'only count what would be deleted')
      .option('--batch-size <n>', 'messages per transaction, always this many (default: as many as fit in about 25 ms on SQLite, 100 ms on Postgres, up to 1000)'),
  )
    .addHelpText(
      'after',
      `
Each batch is its own short transaction (about 25 ms on SQLite, 100 ms on Postgres: it starts
small and takes as many messages as fit, so a send never waits long) that also repairs what it
touched: the threads' latest message, every member's unread count, and threads left without a
message are deleted with their participants. Stopping it half-way leaves a consistent
database; run it again. Your app's onUnreadChange hook is not called (the command runs
outside the app): if the app keeps its own copy of unread totals, have it call
messaging.resyncUnread() afterwards.

Examples:
  $ messaging prune --older-than 1y --dry-run
  $ messaging prune --older-than 90d --db data/messages.db`,
    )
    .action((flags: PruneFlags) =>
      run(async () => {
        const ms = parseDuration(flags.olderThan);
        if (ms === undefined)
          throw new CliUserError(`--older-than "${flags.olderThan}" is not a duration: use a whole number above 0 followed by h, d, w or y, such as 36h, 90d, 12w or 1y.`);
        const batchSize = flags.batchSize === undefined ? undefined : Number(flags.batchSize);
        if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000))
          throw new CliUserError('--batch-size must be a whole number from 1 to 100000.');
        const before = new Date(Date.now() - ms);
        await withDatabase(flags, io, async (handle) => {
          const progress = createProgress(io, 'Pruning', 'messages');
          const result = await pruneMessages(handle.db, {
            before,
            dryRun: flags.dryRun === true,
            ...(batchSize === undefined ? {} : { batchSize }),
            onProgress: (p) => progress.update(p.deletedMessages, p.totalMessages),
          }).finally(() => progress.done());
          const verb = result.dryRun ? 'Would delete' : 'Deleted';
          io.out(`${verb} ${n(result.messages)} message(s) older than ${flags.olderThan} (created before ${result.before}) from ${handle.where}.`);
          io.out(`${verb} ${n(result.threads)} thread(s) left without messages, with their ${n(result.participants)} participant row(s).`);
          io.out(`${verb} ${n(result.files)} file(s) of those messages and ${n(result.orphanFiles)} upload(s) never sent (older than an hour).`);
          io.out(`${verb} ${n(result.notifications)} finished notification(s) (sent, failed or skipped) older than ${flags.olderThan}.`);
          if (result.dryRun) io.out('Nothing was changed (--dry-run).');
          else if (result.messages > 0) io.out(`Done in ${n(result.batches)} batch(es); unread counts and inboxes were updated.`);
        });
      }),
    );
}
