import { type Kysely, sql } from 'kysely';
import { openDatabase, type DatabaseOption } from '../../../src/db/connection/connect.js';
import type { MessagingDatabase } from '../../../src/db/schema.js';

/** The database a (killed) app used, opened again from the test process. */
export function reopen(option: DatabaseOption): { db: Kysely<MessagingDatabase>; close(): Promise<void> } {
  const handle = openDatabase(option);
  return { db: handle.db, close: () => handle.close() };
}

/** Every stored message body with its id, as strings. */
export async function storedMessages(db: Kysely<MessagingDatabase>): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('messaging_messages').select(['id', 'body']).execute();
  const byBody = new Map<string, string[]>();
  for (const row of rows) byBody.set(row.body, [...(byBody.get(row.body) ?? []), String(row.id)]);
  return byBody;
}

/** SQLite's own check of the file: `['ok']` when it is sound. */
export async function integrityCheck(db: Kysely<MessagingDatabase>): Promise<string[]> {
  const result = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
  return result.rows.map((r) => r.integrity_check);
}

/**
 * The denormalised counters against the rows they summarise: each current participant's
 * `unread_count` against a recount of the others' messages after their read mark, and each
 * thread's `last_message_id` against its newest message. Returns the rows that disagree.
 */
export async function counterMismatches(db: Kysely<MessagingDatabase>): Promise<unknown[]> {
  const unread = await sql<{ thread_id: string; user_id: string; unread_count: number; recount: number }>`
    select p.thread_id, p.user_id, p.unread_count,
      (select count(*) from messaging_messages m
        where m.thread_id = p.thread_id and m.sender_id <> p.user_id and m.deleted_at is null
          and m.id > coalesce(p.last_read_message_id, 0)) as recount
    from messaging_participants p where p.left_at is null`.execute(db);
  const last = await sql<{ id: string; last_message_id: string | null; newest: string | null }>`
    select t.id, t.last_message_id, (select max(m.id) from messaging_messages m where m.thread_id = t.id) as newest
    from messaging_threads t`.execute(db);
  return [
    ...unread.rows.filter((r) => Number(r.unread_count) !== Number(r.recount)).map((r) => ({ kind: 'unread', ...r })),
    ...last.rows.filter((r) => String(r.last_message_id) !== String(r.newest)).map((r) => ({ kind: 'last_message_id', ...r })),
  ];
}

/**
 * What a refused request must not change: row counts of every table a request can write,
 * plus the sums of the unread counters and read marks (a refused read must not move them).
 */
export async function fingerprint(db: Kysely<MessagingDatabase>): Promise<Record<string, number>> {
  const result = await sql<Record<string, string | number>>`
    select
      (select count(*) from messaging_threads) as threads,
      (select count(*) from messaging_participants) as participants,
      (select count(*) from messaging_messages) as messages,
      (select count(*) from messaging_idempotency_keys) as idempotency_keys,
      (select coalesce(sum(unread_count), 0) from messaging_participants) as unread_sum,
      (select coalesce(sum(last_read_message_id), 0) from messaging_participants) as read_mark_sum`.execute(db);
  return Object.fromEntries(Object.entries(result.rows[0]!).map(([k, v]) => [k, Number(v)]));
}
