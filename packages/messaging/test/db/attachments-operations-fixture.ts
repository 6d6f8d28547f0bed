import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Messaging } from '../../src/create-messaging.js';

/**
 * Files for the operations suites (test/db/attachments-operations*.test.ts), written as the
 * database storage writes them: a row in messaging_attachments and the bytes in 256 KiB chunks
 * of messaging_attachment_chunks (an image with its thumbnail under a second key). `external`
 * leaves the chunks out, as a file kept by another storage (a directory, S3) would be.
 */
export interface SeededFile {
  id: string;
  storageKey: string;
  thumbnailKey: string | null;
  bytes: Buffer;
}

const CHUNK = 256 * 1024;

export async function seedFile(
  messaging: Messaging,
  file: { uploaderId: string; threadId?: string; messageId?: string; size?: number; image?: boolean; external?: boolean; createdAt?: string; name?: string },
): Promise<SeededFile> {
  const db = messaging.database.db as unknown as Kysely<any>;
  const id = randomBytes(16).toString('base64url');
  const storageKey = randomBytes(16).toString('base64url');
  const thumbnailKey = file.image ? randomBytes(16).toString('base64url') : null;
  const bytes = randomBytes(file.size ?? 1000);
  const attached = file.messageId !== undefined;
  await db
    .insertInto('messaging_attachments')
    .values({
      id,
      uploader_id: file.uploaderId,
      thread_id: attached ? file.threadId : null,
      message_id: attached ? file.messageId : null,
      name: file.name ?? (file.image ? 'bike.jpg' : 'quote.pdf'),
      content_type: file.image ? 'image/jpeg' : 'application/pdf',
      size: bytes.length,
      width: file.image ? 640 : null,
      height: file.image ? 480 : null,
      thumbnail_key: thumbnailKey,
      storage_key: storageKey,
      status: attached ? 'ready' : 'staged',
      created_at: file.createdAt ?? new Date().toISOString(),
    })
    .execute();
  if (!file.external) {
    for (let seq = 0; seq * CHUNK < bytes.length; seq++) {
      await db
        .insertInto('messaging_attachment_chunks')
        .values({ storage_key: storageKey, seq, data: bytes.subarray(seq * CHUNK, (seq + 1) * CHUNK) })
        .execute();
    }
    if (thumbnailKey)
      await db
        .insertInto('messaging_attachment_chunks')
        .values({ storage_key: thumbnailKey, seq: 0, data: randomBytes(300) })
        .execute();
  }
  return { id, storageKey, thumbnailKey, bytes };
}

/** The attachment rows and chunk keys left in the database. */
export async function storedFiles(
  messaging: Messaging,
): Promise<{ rows: Array<{ id: string; uploader_id: string; message_id: unknown; status: string; name: string }>; chunkKeys: string[] }> {
  const db = messaging.database.db as unknown as Kysely<any>;
  const rows = await db.selectFrom('messaging_attachments').select(['id', 'uploader_id', 'message_id', 'status', 'name']).orderBy('id').execute();
  const chunks = await db.selectFrom('messaging_attachment_chunks').select('storage_key').distinct().execute();
  return { rows, chunkKeys: chunks.map((c) => c.storage_key as string) };
}
