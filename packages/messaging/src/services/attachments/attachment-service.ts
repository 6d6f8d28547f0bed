import type { Kysely } from 'kysely';
import type { AttachmentStorage, ResolvedAttachmentOptions } from '../../attachment-options.js';
import type { MessagingDatabase } from '../../db/schema.js';
import type { MessagingContext } from '../../context.js';
import { openAttachment } from './access.js';
import { createDatabaseStorage } from './database-storage.js';
import { stageUpload } from './intake.js';
import { RELEASED_UPLOADER_ID } from '../operations/attachment-removal.js';
import { isStorageKey, storageKeyTime } from './storage.js';
import type { AttachmentUpload, OpenedAttachment, StagedAttachment } from './types.js';

/**
 * Deletes chunks no attachment row names whose key was made before `cutoff`: what a process
 * that died mid-upload left. An upload still running has a newer key (or its row already).
 */
async function deleteUnclaimedChunks(db: Kysely<MessagingDatabase>, storage: AttachmentStorage, cutoff: number): Promise<void> {
  const keys = await db
    .selectFrom('messaging_attachment_chunks as c')
    .select('c.storage_key')
    .distinct()
    .where('c.seq', '=', 0)
    // Two probes, one per indexed key column.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('messaging_attachments as a').select('a.id').whereRef('a.storage_key', '=', 'c.storage_key'))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('messaging_attachments as t').select('t.id').whereRef('t.thumbnail_key', '=', 'c.storage_key'))))
    .execute();
  for (const { storage_key } of keys) {
    const made = storageKeyTime(storage_key);
    if (made !== undefined && made < cutoff) await storage.delete(storage_key);
  }
}

/** How long an upload may wait for a send before `cleanupOrphans` deletes it. */
export const ORPHAN_AGE_MS = 60 * 60_000;

/**
 * Files in messages (`messaging.attachments`), present when the `attachments` option is on.
 * Pass the signed-in member's id, never one from a request body.
 */
export interface AttachmentService {
  /** The options in force, with their defaults. */
  readonly options: ResolvedAttachmentOptions;
  /** Where the bytes live (the database storage unless the host gave one). */
  readonly storage: AttachmentStorage;
  /**
   * Takes an upload in, streaming: the type is read from the bytes (never the name or
   * `declaredType`), an image is re-encoded without its metadata (EXIF, GPS) and gets a
   * thumbnail, the `inspect` hook may refuse it. The result is staged: only its uploader sees
   * it until a send names it in `attachmentIds` (within an hour; then `cleanupOrphans` deletes it).
   * Errors: 413 `payload_too_large` (over `maxFileBytes`, stops reading at once), 415
   * `unsupported_media_type` (type not allowed, or an image that does not decode), 422
   * `attachment_refused` (the inspect hook), 429 `rate_limited` (`maxBytesPerMemberPerDay`,
   * with `retryAfter`). A refused file stores nothing. At a refusal, reading stops: the caller
   * drains or closes its stream.
   */
  stage(uploaderId: string, file: AttachmentUpload): Promise<StagedAttachment>;
  /**
   * A file and its bytes for a viewer, or null (answer 404): a sent one for current
   * participants who can see its message, a staged one for its uploader only.
   * `thumbnail` is a WebP preview (images only).
   */
  open(viewerId: string, attachmentId: string, variant?: 'original' | 'thumbnail'): Promise<OpenedAttachment | null>;
  /**
   * Deletes uploads never sent, older than `olderThanMs` (default one hour), with their bytes;
   * returns how many. The instance runs it itself every `cleanupIntervalMs` (and the CLI's
   * prune runs it too); call it when you want it sooner.
   */
  cleanupOrphans(olderThanMs?: number): Promise<number>;
  /** Deletes these staged uploads of this member (a form refused after its files were staged) with their bytes; sent ones stay. Returns how many. */
  discard(uploaderId: string, attachmentIds: readonly string[]): Promise<number>;
}

/** The attachment service of an instance, over its options (resolved) and storage. */
export function createAttachmentService(ctx: MessagingContext, options: ResolvedAttachmentOptions): AttachmentService {
  const storage = options.storage ?? createDatabaseStorage(ctx.database.db);
  const deps = { ctx, options, storage };
  return {
    options,
    storage,
    stage: (uploaderId, file) => stageUpload(deps, String(uploaderId), file),
    open: (viewerId, attachmentId, variant = 'original') => openAttachment(ctx.database.db, storage, String(viewerId), String(attachmentId), variant),
    async cleanupOrphans(olderThanMs = ORPHAN_AGE_MS) {
      const cutoff = new Date(ctx.clock().getTime() - olderThanMs).toISOString();
      const rows = await ctx.database.db
        .selectFrom('messaging_attachments')
        .select(['id', 'storage_key', 'thumbnail_key'])
        .where('status', '=', 'staged')
        .where('created_at', '<', cutoff)
        .execute();
      const staged = await deleteStaged(rows);
      // Bytes of uploads a crash interrupted before their row was written (the database storage only).
      if (!options.storage) await deleteUnclaimedChunks(ctx.database.db, storage, Date.parse(cutoff));
      return staged;
    },
    async discard(uploaderId, attachmentIds) {
      const ids = attachmentIds.filter(isStorageKey);
      if (ids.length === 0) return 0;
      const rows = await ctx.database.db
        .selectFrom('messaging_attachments')
        .select(['id', 'storage_key', 'thumbnail_key'])
        .where('id', 'in', ids)
        .where('uploader_id', '=', String(uploaderId))
        .where('status', '=', 'staged')
        .execute();
      return deleteStaged(rows);
    },
  };

  /**
   * Deletes staged rows with their bytes, one by one. Each row is first claimed (handed to no
   * uploader, so no send can link it any more; a row a send linked meanwhile is kept), then its
   * bytes go, and the row last: if the storage fails to delete, the claimed row stays for the
   * next run to retry, rather than bytes no row points to. Several servers may run this at
   * once: the claim, the storage's delete and the row's delete are by id and idempotent.
   */
  async function deleteStaged(rows: Array<{ id: string; storage_key: string; thumbnail_key: string | null }>): Promise<number> {
    const db = ctx.database.db;
    let deleted = 0;
    for (const row of rows) {
      const claimed = await db
        .updateTable('messaging_attachments')
        .set({ uploader_id: RELEASED_UPLOADER_ID, name: '' })
        .where('id', '=', row.id)
        .where('status', '=', 'staged')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) continue;
      await storage.delete(row.storage_key);
      if (row.thumbnail_key) await storage.delete(row.thumbnail_key);
      const gone = await db.deleteFrom('messaging_attachments').where('id', '=', row.id).where('status', '=', 'staged').executeTakeFirst();
      // Another server's run may have deleted it between our claim and here: counted once.
      if (Number(gone.numDeletedRows) > 0) deleted += 1;
    }
    return deleted;
  }
}
