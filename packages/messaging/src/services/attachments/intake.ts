import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Kysely, sql } from 'kysely';
import type { AttachmentStorage, ResolvedAttachmentOptions } from '../../attachment-options.js';
import type { MessagingContext } from '../../context.js';
import type { AttachmentsTable, MessagingDatabase } from '../../db/schema.js';
import { isMessagingError, MessagingError } from '../../errors.js';
import { attachmentOfRow } from './attachment-rows.js';
import { REENCODED_TYPES, reencodeImage } from './image-encoding.js';
import { SNIFF_BYTES, safeFileName, sniffType, unsupportedType } from './sniff.js';
import { newStorageKey, randomId } from './storage.js';
import type { AttachmentUpload, StagedAttachment } from './types.js';
import { countedBytes, dailyCapReached, readHead, utcDayStart } from './upload-bytes.js';
import { withUploadDirectory, writePrivateFile } from './upload-file.js';

export interface IntakeDeps {
  ctx: MessagingContext;
  options: ResolvedAttachmentOptions;
  storage: AttachmentStorage;
}

/**
 * Takes one upload in; see `AttachmentService.stage`. Order: the daily budget (nothing read
 * when it is spent), the bytes counted as they arrive (413 / 429 at once), the type from the
 * first 4 KiB (415), an image written to a private temp file, then decoded and re-encoded without metadata plus its thumbnail (415
 * when it does not decode), the bytes into the storage under a fresh key, the inspect hook
 * (422), and last the row, in a transaction that checks the daily budget again. Any refusal
 * or failure deletes what was put, so nothing of a refused file remains.
 */
export async function stageUpload(deps: IntakeDeps, uploaderId: string, upload: AttachmentUpload): Promise<StagedAttachment> {
  const { ctx, options, storage } = deps;
  const db = ctx.database.db;
  const now = ctx.clock();
  if (typeof upload?.stream !== 'object' || upload.stream === null) throw new MessagingError('invalid_request', 'The upload needs a file.');
  const remainingToday = options.maxBytesPerMemberPerDay - (await usedToday(db, uploaderId, now));
  if (remainingToday <= 0) throw dailyCapReached(now);

  const counted = countedBytes(upload.stream as AsyncIterable<Uint8Array>, { maxFileBytes: options.maxFileBytes, remainingToday, now });
  const { head, whole } = await readHead(counted.bytes, SNIFF_BYTES);
  const type = head.length === 0 ? undefined : await sniffType(head);
  if (!type || !options.allowedTypes.includes(type.mime)) throw unsupportedType(options.allowedTypes);
  const image = type.mime.startsWith('image/');
  if (image && !REENCODED_TYPES.has(type.mime)) throw unsupportedType(options.allowedTypes);

  const name = safeFileName(upload.name, type.ext);
  const storageKey = newStorageKey(now);
  let thumbnailKey: string | null = null;
  const put: string[] = [];
  try {
    let size: number;
    let dimensions: { width: number; height: number } | null = null;
    if (image) {
      // The bytes go to a private temp file as they arrive, and sharp reads them from there:
      // a photo waiting for an encode slot holds no memory.
      const encoded = await withUploadDirectory(async (directory) => {
        const originalPath = join(directory, 'original');
        const encodedPath = join(directory, 'encoded');
        await writePrivateFile(originalPath, whole);
        const result = await reencodeImage(originalPath, encodedPath, type.mime).catch((err) => {
          ctx.logger.info({ err, contentType: type.mime }, 'messaging: an uploaded image did not decode');
          throw unsupportedType(options.allowedTypes);
        });
        put.push(storageKey);
        await storage.put(storageKey, createReadStream(encodedPath), { size: result.size, contentType: type.mime });
        return result;
      });
      size = encoded.size;
      dimensions = { width: encoded.width, height: encoded.height };
      thumbnailKey = newStorageKey(now);
      put.push(thumbnailKey);
      await storage.put(thumbnailKey, Readable.from([encoded.thumbnail]), { size: encoded.thumbnail.length, contentType: 'image/webp' });
    } else {
      put.push(storageKey);
      await storage.put(storageKey, Readable.from(whole), { contentType: type.mime });
      size = counted.counted();
    }
    const inspectStream = () => storedStream(storage, storageKey);
    if (options.inspect) await inspect(deps, { name, contentType: type.mime, size, stream: inspectStream, uploaderId });
    const row: AttachmentsTable = {
      id: randomId(),
      uploader_id: uploaderId,
      thread_id: null,
      message_id: null,
      name,
      content_type: type.mime,
      size,
      width: dimensions?.width ?? null,
      height: dimensions?.height ?? null,
      thumbnail_key: thumbnailKey,
      storage_key: storageKey,
      status: 'staged',
      created_at: now.toISOString(),
    };
    await insertWithinBudget(deps, row, now);
    return { ...attachmentOfRow(row), status: 'staged' };
  } catch (err) {
    for (const key of put) await storage.delete(key).catch((cause) => ctx.logger.warn({ err: cause }, 'messaging: could not delete the bytes of a refused upload'));
    throw err;
  }
}

/** Bytes the member uploaded since the start of this UTC day (rows still stored). */
async function usedToday(db: Kysely<MessagingDatabase>, uploaderId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('messaging_attachments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>('size'), eb.lit(0)).as('used'))
    .where('uploader_id', '=', uploaderId)
    .where('created_at', '>=', utcDayStart(now))
    .executeTakeFirst();
  return Number(row?.used ?? 0);
}

/**
 * The row, after the daily budget is checked again inside the transaction: two uploads of one
 * member at once are counted one after the other (SQLite's write lock from BEGIN; on Postgres a
 * transaction-scoped advisory lock per member).
 */
async function insertWithinBudget(deps: IntakeDeps, row: AttachmentsTable, now: Date): Promise<void> {
  const { ctx, options } = deps;
  await ctx.database.db.transaction().execute(async (trx) => {
    if (ctx.database.capabilities.name === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`messaging_attachments:${row.uploader_id}`}))`.execute(trx);
    // A host's SQLite Kysely begins deferred: a first write takes the lock before the count is read.
    else if (!ctx.database.capabilities.lockedAtBegin) await trx.deleteFrom('messaging_attachments').where('id', '=', row.id).execute();
    if ((await usedToday(trx, row.uploader_id, now)) + Number(row.size) > options.maxBytesPerMemberPerDay) throw dailyCapReached(now);
    await trx.insertInto('messaging_attachments').values(row).execute();
  });
}

/** The host's hook: false or a throw refuses the file (422 `attachment_refused`). */
async function inspect(deps: IntakeDeps, file: Parameters<NonNullable<ResolvedAttachmentOptions['inspect']>>[0]): Promise<void> {
  let accepted: boolean;
  try {
    accepted = (await deps.options.inspect?.(file)) === true;
  } catch (err) {
    if (isMessagingError(err)) throw err;
    deps.ctx.logger.warn({ err }, 'messaging: the attachments inspect hook threw; the file was refused');
    accepted = false;
  }
  if (!accepted) throw new MessagingError('attachment_refused', 'This file was refused by a safety check.');
}

/** A stream of stored bytes, handed over at once (the hook's `stream()` is synchronous). */
function storedStream(storage: AttachmentStorage, key: string): NodeJS.ReadableStream {
  const out = new PassThrough();
  storage
    .get(key)
    .then(
      async (stored) => {
        if (stored) await pipeline(stored as NodeJS.ReadableStream, out);
        else out.destroy(new Error('attachment bytes not found'));
      },
      (err) => out.destroy(err),
    )
    .catch((err) => out.destroy(err));
  return out;
}
