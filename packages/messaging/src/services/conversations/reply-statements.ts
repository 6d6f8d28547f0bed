/**
 * The SQL of a reply (sendMessage) on the package's own connections, as plain text: the same
 * statements run through Kysely here and through the raw drivers in the bench's
 * `send_vs_same_sql_ratio` baseline. Imports nothing, so the bench can read it as it is.
 *
 * Postgres, in one transaction of four round trips (BEGIN, {@link PG_REPLY_HEAD},
 * {@link PG_REPLY_WRITE}, COMMIT): the head locks the thread row (every writer of a thread
 * holds it before any participant row, so ids follow commit order and sends never deadlock;
 * a block takes the same row first, see blocks.ts) and reads what cannot change under that
 * lock or may be read before it (the suspension, the kind, a direct thread's partner: the one
 * the users adapter was asked about before BEGIN, compared here, see messages.ts). The
 * write runs after the lock, so its snapshot sees a block or a leave committed while it
 * waited: it checks membership and blocks, inserts, moves the thread and every participant,
 * and returns each changed member's new unread total, so nothing is read after the commit.
 *
 * SQLite: the head is read first (the partner must pass the host's users adapter before the
 * write); then, inside BEGIN IMMEDIATE, the five statements run back to back with no await.
 */

/**
 * $1 sender, $2 thread. One row: suspended, and the locked thread's kind, membership and
 * partner (null when there is no such thread); `ordered_reads` sets `enable_sort` off for this
 * transaction only, for the write's inbox read (see {@link PG_REPLY_WRITE}); `no_jit` turns JIT
 * off for it too, on a host's pool as well: once dead rows of a hot group inflate the planner's
 * estimates, the write's cost passes `jit_above_cost` and compiling it took 100 ms to 1 s.
 */
export const PG_REPLY_HEAD = `select exists(select 1 from messaging_suspensions s where s.user_id = $1) as suspended, t.kind, t.member, t.partner,
  set_config('enable_sort', 'off', true) as ordered_reads, set_config('jit', 'off', true) as no_jit
from (select 1) as one
left join lateral (
  select th.kind,
    exists(select 1 from messaging_participants me where me.thread_id = th.id and me.user_id = $1 and me.left_at is null) as member,
    (select p.user_id from messaging_participants p where p.thread_id = th.id and p.user_id <> $1 and th.kind = 'direct' limit 1) as partner
  from messaging_threads th where th.id = $2 for no key update
) as t on true`;

/**
 * $1 sender, $2 thread, $3 kind, $4 body, $5 now. One row per participant updated (none when
 * refused, then one row with `message_id` null): `member` and `blocked` say why; the `> 0`
 * literal lets the badge's partial index answer the totals. A total is summed only where the
 * reply changed it (see `unreadTotalChanged` in reply-write.ts): a sender with nothing unread
 * here keeps theirs, and summing it cost as many index entries as they have unread threads.
 *
 * `inbox_rows` is read for its side effect, and it is what keeps a busy inbox fast without
 * VACUUM: moving a member's thread to the top of their inbox writes a new entry at the end of
 * their range of `messaging_participants_inbox` and leaves the old one dead just behind it
 * (the key changed, so no HOT update and no bottom-up deletion can spare it). Reading each
 * member's newest 21 entries (their first inbox page) with this statement's snapshot, taken
 * before its own update, passes over the entries earlier sends left dead and marks them so;
 * when the page they sit on fills, the B-tree deletes them instead of splitting. Only an index
 * scan marks entries (a bitmap scan and a sort would not), and for a correlated subquery the
 * planner guesses a member has a handful of rows and prefers the sort: the head turns sorting
 * off for the rest of the transaction (`set_config(..., true)`, no extra round trip). Without it,
 * 15,000 sends in ten threads left 15,000 dead entries (360 index pages) between a member's
 * hot threads and the rest of their inbox, until a VACUUM that default autovacuum does not
 * start for a table that size.
 */
export const PG_REPLY_WRITE = `with members as (
  select p.user_id, p.unread_count,
    exists(select 1 from messaging_blocks b where b.blocker_id = p.user_id and b.blocked_id = $1) as blocked_sender
  from messaging_participants p where p.thread_id = $2 and p.left_at is null
), verdict as (
  select exists(select 1 from members where user_id = $1) as member,
    ($3::text = 'direct' and exists(select 1 from members where user_id <> $1 and blocked_sender)) as blocked
), ins as (
  insert into messaging_messages (thread_id, sender_id, body, created_at)
  select $2, $1, $4, $5 from verdict where member and not blocked
  returning id
), moved as (
  update messaging_threads set last_message_at = $5, last_message_id = ins.id from ins where messaging_threads.id = $2
), changed as (
  update messaging_participants p set last_activity_at = $5, archived_at = null,
    unread_count = case when p.user_id = $1 then 0 else p.unread_count + 1 end,
    last_read_message_id = case when p.user_id = $1 then ins.id else p.last_read_message_id end
  from ins where p.thread_id = $2 and p.left_at is null
  returning p.user_id, p.unread_count, p.muted_at
)
select v.member, v.blocked, (select id from ins) as message_id, c.user_id, c.muted_at, m.unread_count as unread_before,
  case when c.muted_at is null and (c.user_id <> $1 or m.unread_count > 0) then c.unread_count + coalesce((select sum(o.unread_count) from messaging_participants o
    where o.user_id = c.user_id and o.thread_id <> $2 and o.unread_count > 0 and o.muted_at is null and o.left_at is null), 0) end as unread_total,
  (select count(*) from (select 1 from messaging_participants i where i.user_id = c.user_id
    order by i.last_activity_at desc, i.thread_id desc limit 21) as newest) as inbox_rows
from verdict v left join (changed c join members m on m.user_id = c.user_id) on true`;

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
