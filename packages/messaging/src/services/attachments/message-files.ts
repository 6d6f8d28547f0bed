import type { Kysely } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import type { Message } from '../conversations/types.js';
import { attachmentsOfMessages } from './access.js';

/**
 * Messages with their files (`attachments`, empty for none), read in one indexed statement for
 * the whole list; a deleted or removed message shows none. Unchanged while attachments are off.
 */
export async function withAttachments(db: Kysely<MessagingDatabase>, on: boolean, messages: Message[]): Promise<Message[]> {
  if (!on || messages.length === 0) return messages;
  const standing = messages.filter((m) => !m.deleted && !m.removed);
  const files = await attachmentsOfMessages(
    db,
    standing.map((m) => m.id),
  );
  return messages.map((m) => ({ ...m, attachments: m.deleted || m.removed ? [] : (files.get(m.id) ?? []) }));
}
