import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { AttachmentStorage } from '../../attachment-options.js';
import { readAttachmentTotals, uploadsSince } from '../../db/operations/attachment-totals.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { hasAttachmentTables, RELEASED_UPLOADER_ID, removeAttachments } from './attachment-removal.js';

/**
 * The operations' view of the attachments (schema version 11): what prune, forget-user, export
 * and status/stats do with files. Removing a message's files is attachment-removal.ts.
 */

/** How long an upload may stay unattached before a prune counts it as an orphan. */
export const ORPHAN_AGE_MS = 3_600_000;

/**
 * Deletes uploads no message took (staged for over an hour before `now`), in batches, with
 * their database-stored bytes; files of another storage are left to the app's own cleanup
 * (see attachment-removal.ts). Returns how many went (on a dry run: would go).
 */
export async function pruneOrphanAttachments(db: Kysely<MessagingDatabase>, options: { now: Date; dryRun?: boolean; batchSize: number; pauseMs: number }): Promise<number> {
  if (!(await hasAttachmentTables(db))) return 0;
  const stagedBefore = new Date(options.now.getTime() - ORPHAN_AGE_MS).toISOString();
  const orphans = db.selectFrom('messaging_attachments').where('status', '=', 'staged').where('created_at', '<', stagedBefore).where('uploader_id', '<>', RELEASED_UPLOADER_ID);
  if (options.dryRun) {
    const row = await orphans.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
  let removed = 0;
  for (;;) {
    const ids = (await orphans.select('id').orderBy('created_at').limit(options.batchSize).execute()).map((r) => r.id);
    if (ids.length === 0) break;
    // By id, and still staged: a send that attached one meanwhile keeps it.
    const batch = await db.transaction().execute(async (trx) => {
      const still = await trx.selectFrom('messaging_attachments').select('id').where('id', 'in', ids).where('status', '=', 'staged').execute();
      return removeAttachments(trx, { attachmentIds: still.map((r) => r.id) });
    });
    removed += batch.files - batch.released;
    if (ids.length < options.batchSize || batch.files === batch.released) break;
    if (options.pauseMs > 0) await sleep(options.pauseMs);
  }
  return removed;
}

/** Counts the files of the messages a prune with this cut-off deletes (a dry run). */
export async function countFilesOfMessagesBefore(db: Kysely<MessagingDatabase>, before: string): Promise<number> {
  if (!(await hasAttachmentTables(db))) return 0;
  const row = await db
    .selectFrom('messaging_attachments as a')
    .innerJoin('messaging_messages as m', 'm.id', 'a.message_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('m.created_at', '<', before)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A forgotten member's files, inside forget-user's transaction. A file is personal data like
 * the text: `erase` removes every file they uploaded (with the bytes); `anonymise` keeps the
 * files on their messages (the others' conversations still read whole, as the text does),
 * under the tombstone id. Uploads they never sent are removed in both modes. Returns how many
 * files were removed.
 */
export async function forgetMemberFiles(trx: Kysely<MessagingDatabase>, input: { userId: string; tombstoneId: string; mode: 'erase' | 'anonymise' }): Promise<number> {
  const removed = await removeAttachments(trx, { uploaderId: input.userId, stagedOnly: input.mode === 'anonymise' });
  if (input.mode === 'anonymise') await trx.updateTable('messaging_attachments').set({ uploader_id: input.tombstoneId }).where('uploader_id', '=', input.userId).execute();
  return removed.files;
}

/** One file in a member's export. */
export interface ExportedFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  /** `ready`: on a message; `staged`: uploaded, never sent. */
  status: 'staged' | 'ready';
  threadId: string | null;
  messageId: string | null;
  createdAt: string;
  /** The bytes, base64. Null when they live in another storage and none was given (the CLI has no adapter). */
  data: string | null;
}

/** The bytes of a key in the database storage, chunk by chunk (one chunk in memory at a time). */
async function* databaseChunks(db: Kysely<MessagingDatabase>, key: string): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const row = await db.selectFrom('messaging_attachment_chunks').select('data').where('storage_key', '=', key).where('seq', '=', seq).executeTakeFirst();
    if (!row) return;
    yield row.data;
  }
}

/** Base64 of a stream of bytes, in pieces: whole groups of three bytes each time, the rest carried over. */
async function* base64Of(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  let carry = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const bytes = Buffer.concat([carry, typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)]);
    const whole = bytes.length - (bytes.length % 3);
    if (whole > 0) yield bytes.subarray(0, whole).toString('base64');
    carry = Buffer.from(bytes.subarray(whole));
  }
  if (carry.length > 0) yield carry.toString('base64');
}

/**
 * The files a member uploaded, as the JSON array of their export (`"files": [...]`), in
 * pieces: metadata, then the bytes as base64 read chunk by chunk, so memory stays flat for big
 * files. Bytes in the database are read from it; others through `storage` when given (the
 * host's adapter), else `data` is null.
 */
export async function* exportMemberFiles(db: Kysely<MessagingDatabase>, userId: string, storage?: AttachmentStorage): AsyncGenerator<string> {
  if (!(await hasAttachmentTables(db))) {
    yield '[]';
    return;
  }
  yield '[';
  let after = '';
  let first = true;
  for (;;) {
    const rows = await db
      .selectFrom('messaging_attachments')
      .select(['id', 'name', 'content_type', 'size', 'width', 'height', 'status', 'thread_id', 'message_id', 'created_at', 'storage_key'])
      .where('uploader_id', '=', userId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(100)
      .execute();
    for (const r of rows) {
      const head: Omit<ExportedFile, 'data'> = {
        id: r.id,
        name: r.name,
        contentType: r.content_type,
        size: Number(r.size),
        width: r.width,
        height: r.height,
        status: r.status,
        threadId: r.thread_id,
        messageId: r.message_id === null ? null : String(r.message_id),
        createdAt: r.created_at,
      };
      const json = JSON.stringify(head);
      yield `${first ? '' : ','}\n${json.slice(0, -1)},"data":`;
      first = false;
      const inDatabase = await db.selectFrom('messaging_attachment_chunks').select('seq').where('storage_key', '=', r.storage_key).where('seq', '=', 0).executeTakeFirst();
      const body = inDatabase ? databaseChunks(db, r.storage_key) : storage ? await storage.get(r.storage_key) : null;
      if (!body) {
        yield 'null}';
        continue;
      }
      yield '"';
      for await (const piece of base64Of(body as AsyncIterable<Uint8Array>)) yield piece;
      yield '"}';
    }
    if (rows.length < 100) break;
    after = rows[rows.length - 1]!.id;
  }
  yield first ? ']' : '\n]';
}

/** Files uploaded since `since` and stored now, for `messaging stats`; null before schema version 11. */
export async function readAttachmentUsage(
  db: Kysely<MessagingDatabase>,
  since: string,
): Promise<{ uploaded: number; uploadedBytes: number; storedFiles: number; storedBytes: number } | null> {
  if (!(await hasAttachmentTables(db))) return null;
  const [totals, uploads] = await Promise.all([readAttachmentTotals(db), uploadsSince(db, since)]);
  return { ...uploads, storedFiles: totals.files + totals.stagedFiles, storedBytes: totals.bytes + totals.stagedBytes };
}
