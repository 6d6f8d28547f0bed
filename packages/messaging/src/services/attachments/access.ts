import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { AttachmentStorage } from '../../attachment-options.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { attachmentOfRow } from './attachment-rows.js';
import { isStorageKey } from './storage.js';
import type { MessageAttachment, OpenedAttachment } from './types.js';

const COLUMNS = ['a.id', 'a.name', 'a.content_type', 'a.size', 'a.width', 'a.height', 'a.thumbnail_key', 'a.storage_key'] as const;

/**
 * One file for one viewer, or null (the HTTP layer answers 404, as for a thread): a sent file
 * only to a current participant of its thread who could see its message (not one added to a
 * group after it) while the message stands (not deleted or removed); a staged one only to its
 * uploader. One indexed statement; the bytes are streamed from the storage.
 */
export async function openAttachment(
  db: Kysely<MessagingDatabase>,
  storage: AttachmentStorage,
  viewerId: string,
  attachmentId: string,
  variant: 'original' | 'thumbnail',
): Promise<OpenedAttachment | null> {
  if (!isStorageKey(attachmentId)) return null;
  const row = await db
    .selectFrom('messaging_attachments as a')
    .leftJoin('messaging_messages as m', 'm.id', 'a.message_id')
    .leftJoin('messaging_participants as p', (join) => join.onRef('p.thread_id', '=', 'a.thread_id').on('p.user_id', '=', viewerId).on('p.left_at', 'is', null))
    .select([...COLUMNS])
    .where('a.id', '=', attachmentId)
    .where((eb) =>
      eb.or([
        eb.and([eb('a.status', '=', 'staged'), eb('a.uploader_id', '=', viewerId)]),
        eb.and([
          eb('a.status', '=', 'ready'),
          eb('p.user_id', 'is not', null),
          eb('m.thread_id', '=', eb.ref('a.thread_id')),
          eb('m.deleted_at', 'is', null),
          eb('m.deleted_reason', 'is', null),
          eb.or([eb('p.joined_after_message_id', 'is', null), eb('a.message_id', '>', eb.ref('p.joined_after_message_id'))]),
        ]),
      ]),
    )
    .executeTakeFirst();
  if (!row) return null;
  const key = variant === 'thumbnail' ? row.thumbnail_key : row.storage_key;
  if (key === null) return null;
  const stored = await storage.get(key);
  if (!stored) return null;
  const stream = stored instanceof Readable ? stored : Readable.from(stored as AsyncIterable<Uint8Array>);
  return { meta: attachmentOfRow(row), contentType: variant === 'thumbnail' ? 'image/webp' : row.content_type, stream };
}

/** The files of these messages, by message id, in upload order: one indexed statement. */
export async function attachmentsOfMessages(db: Kysely<MessagingDatabase>, messageIds: readonly string[]): Promise<Map<string, MessageAttachment[]>> {
  const byMessage = new Map<string, MessageAttachment[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .selectFrom('messaging_attachments as a')
    .select(['a.message_id', ...COLUMNS])
    .where('a.message_id', 'in', [...messageIds])
    .where('a.status', '=', 'ready')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  for (const row of rows) {
    const id = String(row.message_id);
    const list = byMessage.get(id) ?? [];
    list.push(attachmentOfRow(row));
    byMessage.set(id, list);
  }
  return byMessage;
}
