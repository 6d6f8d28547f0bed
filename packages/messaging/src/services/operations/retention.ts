import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import { announceBulkChange } from '../live/bulk-change.js';
import { countFilesOfMessagesBefore, pruneOrphanAttachments } from './attachment-data.js';
import { hasAttachmentTables, removeAttachments } from './attachment-removal.js';
import { deleteEmptyThreads, lockThreads, refreshThreadCounters } from './counters.js';
import { pruneNotifications } from './notification-data.js';
import { checkpointRemovedText, withSecureDelete } from './secure-delete.js';

/** Options of {@link pruneMessages}. */
export interface PruneOptions {
  /** Messages created before this moment are deleted. */
  before: Date;
  /** Count what would be deleted, change nothing. @default false */
  dryRun?: boolean;
  /** Messages per transaction: small, so a send never waits long for the write lock. @default 1000 */
  batchSize?: number;
  /**
   * Pause between batches, so requests get the database in between. Longer than SQLite's
   * busy-handler sleeps (up to 100 ms), or a waiting send may miss pause after pause.
   * @default 100 ms
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
 * The retention policy: deletes the messages created before `before`, oldest first, in small
 * transactions with a pause in between, so that the app keeps answering meanwhile. Each batch
 * repairs what it touched in the same transaction: the threads' latest message and time, every
 * active participant's unread count, and threads left without a message go (with their
 * participants), and so do the messages' files; then uploads never sent for over an hour go
 * (attachment-data.ts), and the notification outbox's finished rows made before the cut-off
 * (notification-data.ts). Safe to stop and run again: each batch is complete on its own. On SQLite the
 * deleted text is zeroed in the file and the write-ahead log is emptied into it at the end.
 */
export async function pruneMessages(db: Kysely<MessagingDatabase>, options: PruneOptions): Promise<PruneResult> {
  if (!(options.before instanceof Date) || Number.isNaN(options.before.getTime())) throw new TypeError('pruneMessages: "before" must be a valid Date.');
  const before = options.before.toISOString();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 1000));
  const pauseMs = Math.max(0, options.pauseMs ?? 100);
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

  for (;;) {
    // Zeroed where they were, so the deleted text does not stay readable in the file.
    const batch = await db.transaction().execute((trx) =>
      withSecureDelete(trx, async () => {
        const rows = await trx
          .selectFrom('messaging_messages')
          .select(['id', 'thread_id'])
          .where('created_at', '<', before)
          .orderBy('created_at')
          .orderBy('id')
          .limit(batchSize)
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
        return { messages: Number(deleted.numDeletedRows), threads: emptied.threads.length, participants: emptied.participants, files: files.files };
      }),
    );
    if (!batch) break;
    announceBulkChange(db);
    result.messages += batch.messages;
    result.threads += batch.threads;
    result.participants += batch.participants;
    result.files += batch.files;
    result.batches += 1;
    options.onProgress?.({ deletedMessages: result.messages, totalMessages: Math.max(totalMessages, result.messages) });
    if (pauseMs > 0) await sleep(pauseMs);
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
