import { type Kysely, sql } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import { withSecureDelete } from './secure-delete.js';

/** Stands for the uploader of a file whose bytes wait for the app to delete them: no member has this id. */
export const RELEASED_UPLOADER_ID = 'deleted:';
/** The time a released file is given, so that the next orphan cleanup of any age takes it. */
const RELEASED_AT = '1970-01-01T00:00:00.000Z';

/** Which files {@link removeAttachments} removes. */
export type AttachmentSelection =
  /** The files of these messages (a removal, a deletion, a prune batch). */
  | { messageIds: ReadonlyArray<string | number> }
  /** Every file one member uploaded, attached or not (forget-user, erase). */
  | { uploaderId: string; stagedOnly?: boolean }
  /** These files (the orphans a prune found). */
  | { attachmentIds: ReadonlyArray<string> };

/** What {@link removeAttachments} did. */
export interface AttachmentRemoval {
  /** Files that are gone from the messages (their rows, and their bytes where the database held them). */
  files: number;
  /** Of those, bytes (as stored; thumbnails not counted). */
  bytes: number;
  /**
   * Of those, files kept by another storage (a directory, S3): released for the app's orphan
   * cleanup, which holds the storage adapter and deletes their bytes (at once where the caller
   * is the app itself, else at the app's next cleanup).
   */
  released: number;
}

const known = new WeakMap<object, true>();

/**
 * True when the attachment tables exist (schema version 11 or later). Asked OUTSIDE a
 * transaction (a failed statement aborts a Postgres transaction); a yes is remembered per
 * Kysely instance, since tables are not dropped under a running app.
 */
export async function hasAttachmentTables(db: Kysely<any>): Promise<boolean> {
  if (known.has(db)) return true;
  try {
    await db.selectFrom('messaging_attachments').select(sql`1`.as('one')).limit(1).execute();
    known.set(db, true);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes files inside the caller's transaction. Bytes kept by the database storage (chunks)
 * go in the same transaction, zeroed where they were on SQLite (secure delete), so nobody can
 * fetch them once it commits. A file whose bytes live elsewhere cannot be deleted from here
 * (a CLI run has no storage adapter, and a transaction must not wait on a network call): its
 * row is released instead, unlinked from its message, with no uploader, no name and the
 * earliest time, so no page shows it, nobody can attach it again, and the app's orphan cleanup
 * (`messaging.attachments.cleanupOrphans`, which holds the adapter) deletes the bytes and the
 * row. Callers check {@link hasAttachmentTables} first, outside their transaction.
 */
export async function removeAttachments(trx: Kysely<MessagingDatabase>, which: AttachmentSelection): Promise<AttachmentRemoval> {
  const none: AttachmentRemoval = { files: 0, bytes: 0, released: 0 };
  if ('messageIds' in which && which.messageIds.length === 0) return none;
  if ('attachmentIds' in which && which.attachmentIds.length === 0) return none;
  const db = trx;
  let query = db.selectFrom('messaging_attachments').select(['id', 'storage_key', 'thumbnail_key', 'size']);
  if ('messageIds' in which) query = query.where('message_id', 'in', which.messageIds.map(String));
  else if ('attachmentIds' in which) query = query.where('id', 'in', [...which.attachmentIds]);
  else {
    query = query.where('uploader_id', '=', which.uploaderId);
    if (which.stagedOnly) query = query.where('status', '=', 'staged');
  }
  const rows = await query.execute();
  if (rows.length === 0) return none;

  const keys = rows.flatMap((r) => (r.thumbnail_key ? [r.storage_key, r.thumbnail_key] : [r.storage_key]));
  const inDatabase = new Set<string>();
  for (const part of slices(keys)) {
    const found = await db.selectFrom('messaging_attachment_chunks').select('storage_key').distinct().where('storage_key', 'in', part).execute();
    for (const f of found) inDatabase.add(f.storage_key);
  }
  const deleted = rows.filter((r) => inDatabase.has(r.storage_key));
  const released = rows.filter((r) => !inDatabase.has(r.storage_key));
  await withSecureDelete(trx, async () => {
    for (const part of slices(keys.filter((k) => inDatabase.has(k)))) await db.deleteFrom('messaging_attachment_chunks').where('storage_key', 'in', part).execute();
    for (const part of slices(deleted.map((r) => r.id))) await db.deleteFrom('messaging_attachments').where('id', 'in', part).execute();
    for (const part of slices(released.map((r) => r.id))) {
      await db
        .updateTable('messaging_attachments')
        .set({ message_id: null, thread_id: null, status: 'staged', uploader_id: RELEASED_UPLOADER_ID, name: '', created_at: RELEASED_AT })
        .where('id', 'in', part)
        .execute();
    }
  });
  return { files: rows.length, bytes: rows.reduce((sum, r) => sum + Number(r.size), 0), released: released.length };
}

/** Lists cut to a size every database takes as bound parameters. */
function* slices<T>(items: T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
