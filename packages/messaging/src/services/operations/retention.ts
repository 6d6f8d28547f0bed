import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { detectDialect } from '../../db/connection/dialect.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { announceBulkChange } from '../live/bulk-change.js';
import { countFilesOfMessagesBefore, pruneOrphanAttachments } from './attachment-data.js';
import { hasAttachmentTables, removeAttachments } from './attachment-removal.js';
import { createBatchPacing } from './batch-pacing.js';
import { deleteEmptyThreads, lockThreads, refreshThreadCounters } from './counters.js';
import { pruneNotifications } from './notification-data.js';
import { checkpointRemovedText, checkpointStep, withSecureDelete } from './secure-delete.js';

/** Options of {@link pruneMessages}. */
export interface PruneOptions {
  /** Messages created before this moment are deleted. */
  before: Date;
  /** Count what would be deleted, change nothing. @default false */
  dryRun?: boolean;
  /**
   * Messages per transaction, always this many (the last batch fewer). Left out, each batch is
   * sized by time instead: it starts small and takes as many messages (up to 1,000) as fit in
   * `batchMs`, whatever a message costs (the search index, files, busy threads).
   */
  batchSize?: number;
  /**
   * How long a batch should hold the write lock (SQLite) or its threads' row locks (Postgres),
   * first statement to commit, when `batchSize` is left out. A send waits for at most about
   * this long. On SQLite the whole app waits with it (one writer, and the package's connection
   * is synchronous); on Postgres only sends into the batch's threads do, and they go on the
   * moment it commits, while every batch pays its round trips, so batches there may be longer.
   * @default 25 ms on SQLite, 100 ms on Postgres
   */
  batchMs?: number;
  /**
   * The least pause between batches, so requests get the database in between. The pause is also
   * at least as long as the batch took: a send that waited through a batch sleeps in SQLite's busy
   * handler for steps no longer than its wait so far, so it wakes up inside the pause (and a
   * prune never takes more than half of the database's write time).
   * @default 25 ms
   */
  pauseMs?: number;
  /** Called after each batch with the running totals (and the total to do, counted first). */
  onProgress?: (progress: { deletedMessages: number; totalMessages: number }) => void;
}

/** What {@link pruneMessages} removed (or, on a dry run, would remove). */
export interface PruneResult {
  /** The cut-off as an ISO string. */
  before: string;
  dryRun: boolean;
  messages: number;
  /** Threads left without any message, deleted with their participants. */
  threads: number;
  participants: number;
  batches: number;
  /** Files of the deleted messages, deleted with them (schema version 11). */
  files: number;
  /** Uploads no message took for over an hour (orphans), deleted too. */
  orphanFiles: number;
  /** Finished notifications (sent, failed, skipped) created before the cut-off, deleted from the outbox (schema version 10); pending ones stay. */
  notifications: number;
}

/** The most messages a batch sized by time takes (and the batch size of the notification and orphan cleanups). */
const MAX_BATCH_SIZE = 1000;
/** How long a batch should take by default (see {@link PruneOptions.batchMs}). */
const DEFAULT_BATCH_MS = { sqlite: 25, postgres: 100 } as const;
const DEFAULT_PAUSE_MS = 25;
/** How often the log is checkpointed between batches (a few batches' pages, well below 1,000). */
const CHECKPOINT_EVERY_MS = 250;

/** Threads whose every message is older than the cut-off: a prune deletes them. */
async function countThreadsToEmpty(db: Kysely<MessagingDatabase>, before: string): Promise<{ threads: number; participants: number }> {
  const emptied = db
    .selectFrom('messaging_messages')
    .select('thread_id')
    .groupBy('thread_id')
    .having((eb) => eb.fn.max('created_at'), '<', before);
  const [threads, participants] = await Promise.all([
    db
      .selectFrom(emptied.as('e'))
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('messaging_participants')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('thread_id', 'in', emptied)
      .executeTakeFirstOrThrow(),
  ]);
  return { threads: Number(threads.n), participants: Number(participants.n) };
}

/**
 * The retention policy: deletes the messages created before `before`, oldest first, in short
 * transactions sized by time (batch-pacing.ts) with a pause in between, so that the app keeps
 * answering meanwhile. Each batch repairs what it touched in the same transaction: the threads'
 * latest message and time, every active participant's unread count, and threads left without a
 * message go (with their participants), and so do the messages' files; then uploads never sent
 * for over an hour go (attachment-data.ts), and the notification outbox's finished rows made
 * before the cut-off (notification-data.ts). Safe to stop and run again: each batch is complete
 * on its own. On SQLite the deleted text is zeroed in the file, the write-ahead log is
 * checkpointed (without locks) in the pauses and emptied into the file at the end.
 */
export async function pruneMessages(db: Kysely<MessagingDatabase>, options: PruneOptions): Promise<PruneResult> {
  if (!(options.before instanceof Date) || Number.isNaN(options.before.getTime())) throw new TypeError('pruneMessages: "before" must be a valid Date.');
  const before = options.before.toISOString();
  const fixedSize = options.batchSize === undefined ? undefined : Math.max(1, Math.floor(options.batchSize));
  const batchSize = fixedSize ?? MAX_BATCH_SIZE;
  const pauseMs = Math.max(0, options.pauseMs ?? DEFAULT_PAUSE_MS);
  const targetMs = Math.max(1, options.batchMs ?? (detectDialect(db) === 'postgres' ? DEFAULT_BATCH_MS.postgres : DEFAULT_BATCH_MS.sqlite));
  // A fixed size: an endless target never moves the count.
  const pacing = createBatchPacing(
    fixedSize === undefined
      ? { maxSize: MAX_BATCH_SIZE, targetMs, minPauseMs: pauseMs }
      : { maxSize: fixedSize, startSize: fixedSize, targetMs: Number.POSITIVE_INFINITY, minPauseMs: pauseMs },
  );
  const total = await db
    .selectFrom('messaging_messages')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('created_at', '<', before)
    .executeTakeFirstOrThrow();
  const totalMessages = Number(total.n);
  const result: PruneResult = { before, dryRun: options.dryRun === true, messages: 0, threads: 0, participants: 0, batches: 0, files: 0, orphanFiles: 0, notifications: 0 };
  const orphans = { now: new Date(), batchSize, pauseMs };
  if (options.dryRun) {
    const files = { files: await countFilesOfMessagesBefore(db, before), orphanFiles: await pruneOrphanAttachments(db, { ...orphans, dryRun: true }) };
    const notifications = await pruneNotifications(db, { before, dryRun: true, batchSize, pauseMs });
    return { ...result, messages: totalMessages, ...(await countThreadsToEmpty(db, before)), ...files, notifications };
  }
  const withFiles = await hasAttachmentTables(db);
  let checkpointedAt = performance.now();

  for (;;) {
    const size = pacing.size;
    let started = 0;
    // Zeroed where they were, so the deleted text does not stay readable in the file.
    const batch = await db.transaction().execute((trx) =>
      withSecureDelete(trx, async () => {
        // From here (the lock is held) to the commit, which also writes the search index's changes.
        started = performance.now();
        const rows = await trx
          .selectFrom('messaging_messages')
          .select(['id', 'thread_id'])
          .where('created_at', '<', before)
          .orderBy('created_at')
          .orderBy('id')
          .limit(size)
          .execute();
        if (rows.length === 0) return undefined;
        const threadIds = [...new Set(rows.map((r) => r.thread_id))];
        await lockThreads(trx, threadIds);
        const files = withFiles ? await removeAttachments(trx, { messageIds: rows.map((r) => r.id) }) : { files: 0 };
        const deleted = await trx
          .deleteFrom('messaging_messages')
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .executeTakeFirst();
        const emptied = await deleteEmptyThreads(trx, threadIds);
        const gone = new Set(emptied.threads);
        await refreshThreadCounters(
          trx,
          threadIds.filter((id) => !gone.has(id)),
        );
        return { rows: rows.length, messages: Number(deleted.numDeletedRows), threads: emptied.threads.length, participants: emptied.participants, files: files.files };
      }),
    );
    if (!batch) break;
    const pause = pacing.record(batch.rows, performance.now() - started);
    announceBulkChange(db);
    result.messages += batch.messages;
    result.threads += batch.threads;
    result.participants += batch.participants;
    result.files += batch.files;
    result.batches += 1;
    options.onProgress?.({ deletedMessages: result.messages, totalMessages: Math.max(totalMessages, result.messages) });
    if (batch.rows < size) break;
    // In the pause, every few batches: neither a send's commit (SQLite's automatic checkpoint
    // at 1,000 pages) nor the final checkpoint then has a long log to copy.
    const pauseFrom = performance.now();
    if (pauseFrom - checkpointedAt >= CHECKPOINT_EVERY_MS) {
      await checkpointStep(db);
      checkpointedAt = performance.now();
    }
    const left = pause - (performance.now() - pauseFrom);
    if (left > 0) await sleep(left);
  }
  result.orphanFiles = await pruneOrphanAttachments(db, orphans);
  result.notifications = await pruneNotifications(db, { before, batchSize, pauseMs });
  if (result.batches > 0 || result.orphanFiles > 0) await checkpointRemovedText(db);
  return result;
}

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 } as const;

/**
 * Reads a retention period such as `36h`, `90d`, `12w` or `1y` (a year is 365 days) into
 * milliseconds; undefined when it is not one.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d{1,6})\s*([hdwy])\s*$/i.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  if (amount <= 0) return undefined;
  return amount * UNIT_MS[match[2]!.toLowerCase() as keyof typeof UNIT_MS];
}
