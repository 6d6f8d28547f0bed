import type { Kysely } from 'kysely';
import type { ResolvedAttachmentOptions } from '../../attachment-options.js';
import type { SyncSqlite } from '../../db/connection/sqlite.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import { attachmentOfRow } from './attachment-rows.js';
import { isStorageKey } from './storage.js';
import type { MessageAttachment } from './types.js';

/** What a send links: the new message, its thread, its sender and the staged ids they named. */
export interface AttachInput {
  messageId: string | number | bigint;
  threadId: string;
  senderId: string;
  attachmentIds: readonly string[];
}

const refused = (message: string) => new MessagingError('invalid_request', message, { details: [{ in: 'body', field: 'attachmentIds', message }] });

/**
 * The `attachmentIds` of a send, checked before anything is written: strings, no repeats, at
 * most `maxFilesPerMessage`; any at all while attachments are off is `invalid_request`.
 * Returns the ids (empty for none).
 */
export function checkAttachmentIds(options: ResolvedAttachmentOptions | null, ids: unknown): string[] {
  if (ids === undefined || ids === null) return [];
  if (!Array.isArray(ids) || !ids.every(isStorageKey)) throw refused('must be a list of attachment ids');
  if (ids.length === 0) return [];
  if (!options) throw refused('must be empty: attachments are switched off');
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) throw refused('must not repeat an id');
  if (unique.length > options.maxFilesPerMessage) throw refused(`must hold at most ${options.maxFilesPerMessage} files`);
  return unique;
}

/**
 * Links staged uploads of the sender to their new message, in the send's transaction: one
 * UPDATE that takes only rows still staged and uploaded by the sender. Fewer than named (an
 * unknown id, another member's, one already sent) throws `invalid_request`, which rolls the
 * whole send back: the message is not stored either.
 */
export async function attachInTransaction(trx: Kysely<MessagingDatabase>, input: AttachInput): Promise<MessageAttachment[]> {
  if (input.attachmentIds.length === 0) return [];
  const rows = await trx
    .updateTable('messaging_attachments')
    .set({ thread_id: input.threadId, message_id: String(input.messageId), status: 'ready' })
    .where('id', 'in', [...input.attachmentIds])
    .where('uploader_id', '=', input.senderId)
    .where('status', '=', 'staged')
    .returning(RETURNED)
    .execute();
  return linked(input, rows);
}

const RETURNED = ['id', 'name', 'content_type', 'size', 'width', 'height', 'thumbnail_key'] as const;
type ReturnedRow = Parameters<typeof attachmentOfRow>[0];

/** The linked rows in the order the send named them; fewer than named refuses the send. */
function linked(input: AttachInput, rows: ReturnedRow[]): MessageAttachment[] {
  if (rows.length !== input.attachmentIds.length) throw refused('must name files you uploaded and have not sent yet');
  const byId = new Map(rows.map((r) => [r.id, r]));
  return input.attachmentIds.map((id) => attachmentOfRow(byId.get(id) as ReturnedRow));
}

const SQLITE_ATTACH = (count: number) =>
  `update messaging_attachments set thread_id = ?, message_id = ?, status = 'ready' where uploader_id = ? and status = 'staged' and id in (${Array.from({ length: count }, () => '?').join(', ')}) returning ${RETURNED.join(', ')}`;

/** The same on the package's SQLite connection, inside the reply's BEGIN IMMEDIATE (a throw rolls it back). */
export function attachSync(sync: SyncSqlite, input: AttachInput): MessageAttachment[] {
  if (input.attachmentIds.length === 0) return [];
  const rows = sync.prepare(SQLITE_ATTACH(input.attachmentIds.length)).all(input.threadId, input.messageId, input.senderId, ...input.attachmentIds) as ReturnedRow[];
  return linked(input, rows);
}
