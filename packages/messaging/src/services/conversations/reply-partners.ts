import type { Kysely } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import { LruMap } from '../../shared/lru-map.js';

/**
 * Threads an instance remembers. An entry is about 250 bytes of heap (the thread's id, a direct
 * thread's two member ids, the map's slot): 20,000 threads take about 5 MB.
 */
export const REMEMBERED_THREADS = 20_000;

/**
 * A direct thread's two members (a row that left counts: it is still the one the thread goes
 * to), or `group`, whose replies ask the users adapter about nobody. Neither changes after the
 * thread is made, except that forgetUser puts a tombstone in a forgotten member's place: the
 * locked head of the reply sees that, and the reply starts over (messages.ts).
 */
export type ThreadMembers = readonly [string, string] | 'group';

/** An instance's memory of its threads' members, by thread id (made once per instance, see conversation-service.ts). */
export type ThreadMemberMemory = LruMap<string, ThreadMembers>;

/** A memory of at most {@link REMEMBERED_THREADS} threads, the least recently used going first. */
export function createThreadMemberMemory(): ThreadMemberMemory {
  return new LruMap(REMEMBERED_THREADS);
}

/** The member a reply by `senderId` goes to: a direct thread's other member; null for a group or a sender outside the pair (the reply is then not_found). */
function partnerIn(members: ThreadMembers, senderId: string): string | null {
  if (members === 'group' || !members.includes(senderId)) return null;
  return members[0] === senderId ? members[1] : members[0];
}

/**
 * The partner a reply must check with the users adapter BEFORE its transaction (null: none), so
 * that a slow adapter never holds the thread's row lock nor a connection. From memory, else
 * one read without a lock, outside any transaction; the reply's locked head compares it with
 * what it finds. Only facts that last are remembered: a group, or a direct thread's pair.
 */
export async function partnerBeforeReply(db: Kysely<MessagingDatabase>, memory: ThreadMemberMemory, threadId: string, senderId: string): Promise<string | null> {
  const known = memory.get(threadId);
  if (known !== undefined) return partnerIn(known, senderId);
  const rows = await db
    .selectFrom('messaging_threads as t')
    .leftJoin('messaging_participants as p', (join) => join.onRef('p.thread_id', '=', 't.id').on('t.kind', '=', 'direct'))
    .select(['t.kind', 'p.user_id'])
    .where('t.id', '=', threadId)
    .execute();
  // No such thread: nothing to check (the head answers not_found).
  if (rows.length === 0) return null;
  if (rows.some((r) => r.kind === 'group')) {
    memory.set(threadId, 'group');
    return null;
  }
  const userIds = rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id]));
  const [a, b, ...more] = userIds;
  if (a !== undefined && b !== undefined && more.length === 0) {
    const pair = [a, b] as const;
    memory.set(threadId, pair);
    return partnerIn(pair, senderId);
  }
  // A direct thread without its second row (or a damaged one): as the head would name it.
  return userIds.includes(senderId) ? (userIds.find((id) => id !== senderId) ?? null) : null;
}
