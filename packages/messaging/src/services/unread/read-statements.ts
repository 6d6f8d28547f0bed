/**
 * The SQL of a read mark (markRead) on the package's own connections, as plain text (like
 * conversations/reply-statements.ts). Imports nothing.
 *
 * Postgres: {@link PG_MARK_READ} alone, one autocommit statement, in the common case. Under
 * READ COMMITTED a statement reads with the snapshot taken at its start, so a count in the
 * same statement as a lock wait misses what the holder committed meanwhile. The statement
 * takes the thread's lock first, as every writer of the thread's messages and counts does
 * (sends, deletions, recounts: messages.ts, message-edits.ts, operations/counters.ts); a
 * deletion reads the members' marks and then takes one off, so no mark may move in between.
 * It then writes the participant row only if that is still the version its snapshot read
 * (`xmin`). A write that changes what this member has unread in the thread also writes their
 * row (a send adds one; a deletion takes one off or recounts). One that committed after the
 * snapshot, typically while the statement waited for the lock, therefore left a newer
 * version: Postgres re-checks the WHERE against it, `xmin` differs, nothing is written, and
 * the statement answers "stale". The caller then runs it again in a transaction after
 * {@link PG_MARK_READ_LOCK} (4 round trips), whose snapshot starts after the locks. A write
 * that comes later waits for the lock and builds on the row written here. A row written
 * without the thread's lock (mute, archive) is caught by the same check.
 *
 * SQLite: inside BEGIN IMMEDIATE (the whole database's write lock), {@link SQLITE_READ_HEAD},
 * {@link SQLITE_READ_MARK} and {@link SQLITE_READ_TOTAL} back to back with no await.
 */

/**
 * $1 member, $2 thread, $3 the message read up to (null: the thread's latest). One row:
 * `member` false when there is no such thread or the member is not in it; `named` false when
 * $3 is not a message of the thread (then nothing is written); the row's mark and count
 * before, and after (null when nothing was written: refused, or "stale", see above); the
 * member's unread total after (threads neither muted nor left; the `> 0` literal lets the
 * badge's partial index answer it).
 *
 * `for share`: markRead waits for the thread's writers and they for it, while reads of the
 * same thread by several members run side by side. The thread's lock comes before the
 * participant row's: the UPDATE sees a row of `me` and `target` only after `locked` has
 * taken it, as sends take them.
 */
export const PG_MARK_READ = `with locked as materialized (
  select th.last_message_id from messaging_threads th where th.id = $2 for share
), me as materialized (
  select p.xmin as version, p.last_read_message_id, p.unread_count
  from messaging_participants p where p.thread_id = $2 and p.user_id = $1 and p.left_at is null
), target as materialized (
  select case when $3::bigint is null then l.last_message_id
    else (select m.id from messaging_messages m where m.id = $3::bigint and m.thread_id = $2) end as id
  from locked l
), marked as (
  update messaging_participants p
  set last_read_message_id = greatest(p.last_read_message_id, t.id),
    unread_count = (select count(*) from messaging_messages m where m.thread_id = p.thread_id and m.sender_id <> p.user_id
      and m.deleted_at is null and m.id > coalesce(greatest(p.last_read_message_id, t.id), 0))
  from me, target t
  where p.thread_id = $2 and p.user_id = $1 and p.left_at is null and p.xmin = me.version
    and ($3::bigint is null or t.id is not null)
  returning p.last_read_message_id, p.unread_count, p.muted_at
)
select exists(select 1 from locked) and exists(select 1 from me) as member,
  ($3::bigint is null or exists(select 1 from target where id is not null)) as named,
  me.last_read_message_id as mark_before, me.unread_count as unread_before,
  k.last_read_message_id as mark_after, k.unread_count as unread_after, k.muted_at,
  case when k.muted_at is null then k.unread_count else 0 end + coalesce((select sum(o.unread_count) from messaging_participants o
    where o.user_id = $1 and o.thread_id <> $2 and o.unread_count > 0 and o.muted_at is null and o.left_at is null), 0) as unread_total
from (select 1) as one left join me on true left join marked k on true`;

/**
 * $1 member, $2 thread: in a transaction, before {@link PG_MARK_READ}, when it answered
 * "stale": the thread's lock, then the member's row, so that nothing written after them is
 * missing from the next statement's snapshot and the row cannot change under it.
 */
export const PG_MARK_READ_LOCK = `with locked as materialized (select th.id from messaging_threads th where th.id = $2 for share)
select p.user_id from messaging_participants p join locked l on l.id = p.thread_id where p.user_id = $1
for no key update of p`;

/**
 * ? message read up to (null: none named), ? member, ? thread. The member's row (none: no
 * such thread, or not in it) with the thread's latest message and the named one when it is
 * of this thread.
 */
export const SQLITE_READ_HEAD = `select t.last_message_id, p.last_read_message_id, p.unread_count, p.muted_at,
  (select m.id from messaging_messages m where m.id = ? and m.thread_id = t.id) as named
from messaging_threads t join messaging_participants p on p.thread_id = t.id and p.user_id = ? and p.left_at is null
where t.id = ?`;

/** ? new mark, ? the same mark, ? thread, ? member: moves the mark and recounts from it. */
export const SQLITE_READ_MARK = `update messaging_participants as p set last_read_message_id = ?,
  unread_count = (select count(*) from messaging_messages m where m.thread_id = p.thread_id and m.sender_id <> p.user_id
    and m.deleted_at is null and m.id > coalesce(?, 0))
where p.thread_id = ? and p.user_id = ? returning unread_count`;

/** ? member: their unread total, from the badge's partial index (the badge query of unread-notify.ts). */
export const SQLITE_READ_TOTAL = `select coalesce(sum(unread_count), 0) as total from messaging_participants
where user_id = ? and unread_count > 0 and muted_at is null and left_at is null`;
