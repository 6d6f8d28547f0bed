import type { Kysely, Selectable } from 'kysely';
import type { MessagingDatabase, ThreadEventsTable } from '../../db/schema.js';
import type { ThreadEvent } from './types.js';

/** A stored system line as the services return it. */
export function eventFromRow(row: Selectable<ThreadEventsTable>): ThreadEvent {
  const base = {
    id: String(row.id),
    kind: row.kind,
    actorId: row.actor_id,
    afterMessageId: row.after_message_id === null ? null : String(row.after_message_id),
    createdAt: row.created_at,
  };
  return row.kind === 'members_added' ? { ...base, userIds: JSON.parse(row.user_ids ?? '[]') as string[] } : { ...base, subject: row.subject };
}

/**
 * The system lines that belong to one page of a thread's messages (oldest first). A page covers
 * message ids from its first message (from the start on the oldest page) up to, not including,
 * its `before` cursor (to the end on the newest page): consecutive pages share no line and miss
 * none. A member added later never sees lines from before they joined, except the one that added
 * them. One range of `(thread_id, id)`.
 */
export async function eventsForPage(
  db: Kysely<MessagingDatabase>,
  threadId: string,
  page: { firstId: string | null; before: string | undefined; isOldest: boolean; joinedAfter: string | number | null | undefined },
): Promise<ThreadEvent[]> {
  let query = db.selectFrom('messaging_thread_events').selectAll().where('thread_id', '=', threadId).orderBy('id');
  const joinedAfter = page.joinedAfter ?? null;
  if (joinedAfter !== null) query = query.where('after_message_id', '>=', joinedAfter);
  if (!page.isOldest && page.firstId !== null) query = query.where('after_message_id', '>=', page.firstId);
  const { before } = page;
  if (before !== undefined) query = query.where((eb) => eb.or([eb('after_message_id', '<', before), eb('after_message_id', 'is', null)]));
  return (await query.limit(500).execute()).map(eventFromRow);
}
