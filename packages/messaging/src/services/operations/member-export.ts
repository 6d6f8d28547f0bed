import type { Kysely } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import type { AttachmentStorage } from '../../attachment-options.js';
import type { UserId } from '../../options.js';
import { exportMemberFiles } from './attachment-data.js';
import { exportMemberNotifications } from './notification-data.js';

/** Options of {@link exportMemberData}. */
export interface MemberExportOptions {
  /** Threads read per query. @default 200 */
  threadPageSize?: number;
  /** Messages read per query within a thread. @default 1000 */
  messagePageSize?: number;
  /** The time written as `exportedAt`. @default now */
  now?: string;
  /** Called after each thread with how many are done. */
  onProgress?: (progress: { threads: number; totalThreads: number }) => void;
  /** The host's attachment storage, to read files kept outside the database. @default none: such files get `"data": null` */
  attachmentStorage?: AttachmentStorage;
}

/**
 * One member's data as JSON text, in chunks, for a data request (`messaging export`): every
 * thread they take part in (or took part in and left) with its subject, the participants'
 * ids and every message (id, sender, text, times; a deleted message without its text) up to
 * when they left (from when they were added, for a member added to a group later), then the blocks they made. Threads and messages are read page by page (keyset), so memory stays
 * flat for a member with thousands of threads. Join the chunks, or write them to a stream.
 *
 * Shape: `{ "format": "org-messaging-member-export/1", "userId", "exportedAt", "threads":
 * [{ "id", "kind", "subject", "createdAt", "joinedAt", "leftAt", "participantIds",
 * "messages": [{ "id", "senderId", "body", "createdAt", "editedAt", "deletedAt" }] }],
 * "blockedUserIds": [], "rateLimitCounts": [{ "limit", "windowStart", "windowEnd", "count" }] }`
 * (the rate-limit counts of their current windows), then `"notifications": { "mode", "items": [{ "id",
 * "kind", "threadId", "status", "attempts", "createdAt", "sentAt" }], "notifiedUpTo": [{ "threadId",
 * "messageId", "notifiedAt" }] }` (their chosen mode, null for the host's default; no message text).
 * Last, `"files": [{ "id", "name", "contentType", "size", "width", "height", "status", "threadId",
 * "messageId", "createdAt", "data" }]`: the files they uploaded (schema version 11), bytes as base64.
 */
export async function* exportMemberData(db: Kysely<MessagingDatabase>, userId: UserId, options: MemberExportOptions = {}): AsyncGenerator<string> {
  const id = String(userId);
  const threadPageSize = Math.max(1, options.threadPageSize ?? 200);
  const messagePageSize = Math.max(1, options.messagePageSize ?? 1000);
  const total = await db
    .selectFrom('messaging_participants')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', id)
    .executeTakeFirstOrThrow();
  const totalThreads = Number(total.n);

  yield `{"format":"org-messaging-member-export/1","userId":${JSON.stringify(id)},"exportedAt":${JSON.stringify(options.now ?? new Date().toISOString())},"threads":[`;
  let after = '';
  let done = 0;
  for (;;) {
    const threads = await db
      .selectFrom('messaging_participants as p')
      .innerJoin('messaging_threads as t', 't.id', 'p.thread_id')
      .select(['t.id', 't.kind', 't.subject', 't.created_at', 'p.joined_at', 'p.left_at', 'p.left_after_message_id', 'p.joined_after_message_id'])
      .where('p.user_id', '=', id)
      .where('p.thread_id', '>', after)
      .orderBy('p.thread_id')
      .limit(threadPageSize)
      .execute();
    if (threads.length === 0) break;
    const members = await db
      .selectFrom('messaging_participants')
      .select(['thread_id', 'user_id'])
      .where(
        'thread_id',
        'in',
        threads.map((t) => t.id),
      )
      .orderBy('thread_id')
      .orderBy('joined_at')
      .orderBy('user_id')
      .execute();
    const participantIds = new Map<string, string[]>();
    for (const m of members) participantIds.set(m.thread_id, [...(participantIds.get(m.thread_id) ?? []), m.user_id]);

    for (const thread of threads) {
      const head = JSON.stringify({
        id: thread.id,
        kind: thread.kind,
        subject: thread.subject,
        createdAt: thread.created_at,
        joinedAt: thread.joined_at,
        leftAt: thread.left_at,
        participantIds: participantIds.get(thread.id) ?? [],
      });
      yield `${done === 0 ? '' : ','}\n${head.slice(0, -1)},"messages":[`;
      // A member added to a group later starts at their join mark: what came before is not theirs.
      let afterMessage: string | number = thread.joined_after_message_id ?? 0;
      let first = true;
      // Membership ends at the leave mark: what others wrote after the member left is not theirs.
      const leftAfter = thread.left_at === null ? undefined : (thread.left_after_message_id ?? null);
      while (leftAfter !== null) {
        const messages = await db
          .selectFrom('messaging_messages')
          .select(['id', 'sender_id', 'body', 'created_at', 'edited_at', 'deleted_at'])
          .where('thread_id', '=', thread.id)
          .where('id', '>', afterMessage)
          .$if(leftAfter !== undefined, (qb) => qb.where('id', '<=', leftAfter!))
          .orderBy('id')
          .limit(messagePageSize)
          .execute();
        if (messages.length === 0) break;
        const lines = messages.map((m) =>
          JSON.stringify({
            id: String(m.id),
            senderId: m.sender_id,
            body: m.deleted_at === null ? m.body : null,
            createdAt: m.created_at,
            editedAt: m.edited_at,
            deletedAt: m.deleted_at,
          }),
        );
        yield `${first ? '' : ','}${lines.join(',')}`;
        first = false;
        afterMessage = messages[messages.length - 1]!.id;
        if (messages.length < messagePageSize) break;
      }
      yield ']}';
      done += 1;
      options.onProgress?.({ threads: done, totalThreads });
    }
    after = threads[threads.length - 1]!.id;
    if (threads.length < threadPageSize) break;
  }
  const blocks = await db.selectFrom('messaging_blocks').select('blocked_id').where('blocker_id', '=', id).orderBy('blocked_id').execute();
  // Their rate-limit counts (schema version 5): activity metadata about them, so part of their data.
  const counts = await db
    .selectFrom('messaging_rate_counters')
    .select(['limit_name', 'window_start', 'expires_at', 'count'])
    .where('member_id', '=', id)
    .orderBy('limit_name')
    .execute();
  const rateLimitCounts = counts.map((c) => ({ limit: c.limit_name, windowStart: c.window_start, windowEnd: c.expires_at, count: Number(c.count) }));
  const notifications = await exportMemberNotifications(db, id);
  yield `\n],"blockedUserIds":${JSON.stringify(blocks.map((b) => b.blocked_id))},"rateLimitCounts":${JSON.stringify(rateLimitCounts)},"notifications":${JSON.stringify(notifications)},"files":`;
  // Last: a member with big files streams them chunk by chunk (attachment-data.ts).
  yield* exportMemberFiles(db, id, options.attachmentStorage);
  yield '}\n';
}
