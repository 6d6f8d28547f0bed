/**
 * The SQL of a reply (sendMessage) on the package's own connections, as plain text: the same
 * statements run through Kysely here and through the raw drivers in the bench's
 * `send_vs_same_sql_ratio` baseline. Imports nothing, so the bench can read it as it is.
 *
 * Postgres: one call of the reply function, {@link PG_REPLY_CALL}, on its own (its own
 * transaction: one round trip) or inside the caller's transaction when the send links files.
 *
 * SQLite: the head is read first (the partner must pass the host's users adapter before the
 * write); then, inside BEGIN IMMEDIATE, the five statements run back to back with no await.
 */

/**
 * $1 sender, $2 thread, $3 body, $4 now, $5 the direct partner the users adapter was asked
 * about (null for a group), $6 whether to write (false: the head alone, under the lock),
 * $7 whether a suspension refuses, $8 when to notify (null: nothing scheduled). The function
 * (migration 0013, db/migrations/0013-postgres-reply-function.ts) locks the thread, reads the
 * head and writes in one round trip; its rows carry the head (`head_*`) and, when it wrote,
 * one row per participant updated (`w_*`).
 */
export const PG_REPLY_CALL = 'select * from messaging_reply($1, $2, $3, $4, $5, $6, $7, $8)';

/** ? sender, ? sender, ? sender, ? thread: the head, without a lock (SQLite's BEGIN IMMEDIATE is the lock). */
export const SQLITE_REPLY_HEAD = `select exists(select 1 from messaging_suspensions s where s.user_id = ?) as suspended, t.kind,
  exists(select 1 from messaging_participants me where me.thread_id = t.id and me.user_id = ? and me.left_at is null) as member,
  (select p.user_id from messaging_participants p where p.thread_id = t.id and p.user_id <> ? and t.kind = 'direct' limit 1) as partner
from (select 1) as one left join messaging_threads t on t.id = ?`;

/** ? sender, ? thread: the current members, with whether each blocked the sender. */
export const SQLITE_REPLY_MEMBERS = `select p.user_id, p.unread_count, p.muted_at,
  exists(select 1 from messaging_blocks b where b.blocker_id = p.user_id and b.blocked_id = ?) as blocked_sender
from messaging_participants p where p.thread_id = ? and p.left_at is null`;

/** ? thread, ? sender, ? body, ? now. */
export const SQLITE_REPLY_INSERT = 'insert into messaging_messages (thread_id, sender_id, body, created_at) values (?, ?, ?, ?) returning id';

/** ? now, ? message id, ? thread. */
export const SQLITE_REPLY_THREAD = 'update messaging_threads set last_message_at = ?, last_message_id = ? where id = ?';

/** ? now, ? sender, ? sender, ? message id, ? thread. */
export const SQLITE_REPLY_PARTICIPANTS = `update messaging_participants set last_activity_at = ?, archived_at = null,
  unread_count = case when user_id = ? then 0 else unread_count + 1 end,
  last_read_message_id = case when user_id = ? then ? else last_read_message_id end
where thread_id = ? and left_at is null`;

/** ? JSON array of member ids (those whose total the reply changed): their unread totals (members with none are absent), from the badge's partial index. */
export const SQLITE_REPLY_TOTALS = `select user_id, sum(unread_count) as total from messaging_participants
where unread_count > 0 and muted_at is null and left_at is null and user_id in (select value from json_each(?)) group by user_id`;
