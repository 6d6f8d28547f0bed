import type { Message } from './types.js';

/** A message row with what decides how a thread shows it. */
export interface MessageStateRow {
  id: string | number;
  thread_id: string;
  sender_id: string;
  body: string;
  created_at: string;
  edited_at: string | null;
  deleted_reason?: string | null | undefined;
}

/** `deleted_reason` of a message its sender deleted (a moderator's removal is `moderator`, forget-user's erasure `erased`). */
export const DELETED_BY_SENDER = 'sender';

/** What a thread shows in place of a message its sender deleted. */
export const DELETED_BY_SENDER_TEXT = 'Message deleted';

/**
 * A message as threads and the API show it: removed by a moderator or deleted by its sender,
 * it keeps its place with an empty body and a marker (its text never leaves); `editedAt` when
 * the sender edited it.
 */
export function messageFromRow(m: MessageStateRow): Message {
  const message: Message = { id: String(m.id), threadId: m.thread_id, senderId: m.sender_id, body: m.body, createdAt: m.created_at };
  if (m.deleted_reason === 'moderator') return { ...message, body: '', removed: 'moderator' };
  if (m.deleted_reason === DELETED_BY_SENDER) return { ...message, body: '', deleted: true };
  return m.edited_at ? { ...message, editedAt: m.edited_at } : message;
}
