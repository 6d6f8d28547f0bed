import { type Kysely, type Migration, sql } from 'kysely';
import { detectDialect } from '../connection/dialect.js';

/** The Postgres function a reply calls (services/conversations/reply-write.ts). */
export const REPLY_FUNCTION = 'messaging_reply';

/**
 * The members' rows a reply writes and what it answers, as one statement; `$notify` is empty,
 * or the CTE that schedules the thread's notification (services/notifications/schedule.ts).
 *
 * `verdict` checks membership and blocks with a snapshot taken after the head's lock, so a
 * block or a leave committed while the reply waited is seen. One row per participant updated
 * (none when refused: then one row with `w_message_id` null, `w_member` and `w_blocked` saying
 * why); a total is summed only where the reply changed it (a recipient not muting the thread,
 * the sender with unread messages here): summing a sender's cost as many index entries as they
 * have unread threads. The `> 0` literal lets the badge's partial index answer.
 *
 * `w_inbox_rows` is read for its side effect, and it is what keeps a busy inbox fast without
 * VACUUM: moving a member's thread to the top of their inbox writes a new entry at the end of
 * their range of `messaging_participants_inbox` and leaves the old one dead just behind it
 * (the key changed, so no HOT update and no bottom-up deletion can spare it). Reading each
 * member's newest 21 entries (their first inbox page) with this statement's snapshot, taken
 * before its own update, passes over the entries earlier sends left dead and marks them so;
 * when the page they sit on fills, the B-tree deletes them instead of splitting. Only an index
 * scan marks entries (a bitmap scan and a sort would not), and for a correlated subquery the
 * planner guesses a member has a handful of rows and prefers the sort: the function runs with
 * `enable_sort` off. Without it, 15,000 sends in ten threads left 15,000 dead entries (360
 * index pages) between a member's hot threads and the rest of their inbox, until a VACUUM that
 * default autovacuum does not start for a table that size.
 */
const write = (notify: string) => `with members as (
      select p.user_id, p.unread_count,
        exists(select 1 from messaging_blocks b where b.blocker_id = p.user_id and b.blocked_id = p_sender) as blocked_sender
      from messaging_participants p where p.thread_id = p_thread and p.left_at is null
    ), verdict as (
      select exists(select 1 from members where members.user_id = p_sender) as member,
        (h.kind = 'direct' and exists(select 1 from members where members.user_id <> p_sender and members.blocked_sender)) as blocked
    ), ins as (
      insert into messaging_messages (thread_id, sender_id, body, created_at)
      select p_thread, p_sender, p_body, p_now from verdict where verdict.member and not verdict.blocked
      returning id
    )${notify}, moved as (
      update messaging_threads set last_message_at = p_now, last_message_id = ins.id from ins where messaging_threads.id = p_thread
    ), changed as (
      update messaging_participants p set last_activity_at = p_now, archived_at = null,
        unread_count = case when p.user_id = p_sender then 0 else p.unread_count + 1 end,
        last_read_message_id = case when p.user_id = p_sender then ins.id else p.last_read_message_id end
      from ins where p.thread_id = p_thread and p.left_at is null
      returning p.user_id, p.unread_count, p.muted_at
    )
    select h.suspended, h.kind, h.member, h.partner, v.member, v.blocked, (select id from ins), c.user_id, c.muted_at, m.unread_count,
      case when c.muted_at is null and (c.user_id <> p_sender or m.unread_count > 0) then c.unread_count + coalesce((select sum(o.unread_count) from messaging_participants o
        where o.user_id = c.user_id and o.thread_id <> p_thread and o.unread_count > 0 and o.muted_at is null and o.left_at is null), 0) end,
      (select count(*) from (select 1 from messaging_participants i where i.user_id = c.user_id
        order by i.last_activity_at desc, i.thread_id desc limit 21) as newest)
    from verdict v left join (changed c join members m on m.user_id = c.user_id) on true`;

const SCHEDULE_CTE = `, scheduled as (
      insert into messaging_notification_schedule (thread_id, due_at, first_message_id)
      select p_thread, p_notify_at, id from ins on conflict (thread_id) do nothing
    )`;

/**
 * Schema version 13: on Postgres, a reply is one call of `messaging_reply(...)`, one round
 * trip where it was four (BEGIN, the head, the write, COMMIT), so a send waits for the
 * database once, which counts most where the database is on another machine.
 *
 * Called on its own it is its own transaction: it locks the thread's row (every writer of a
 * thread holds it before any participant row, so ids follow commit order and sends never
 * deadlock; a block takes the same row first), reads the head (the sender's suspension, the
 * thread's kind, membership and direct partner), and writes only when the head allows it and
 * names the partner the users adapter was asked about before the call (`p_partner`) and
 * `p_write` is true; otherwise it answers the head alone and writes nothing. The write is a
 * second statement of the function, so its snapshot is taken after the lock (PL/pgSQL takes a
 * new one per statement in READ COMMITTED). Called inside a transaction (a send that links
 * files, or one whose partner changed), the lock lasts until that transaction ends.
 *
 * Every column is prefixed (`head_`, `w_`), so none can be mistaken for a table's column in
 * the body. JIT is off for the call: once dead rows of a hot group inflate the planner's
 * estimates, the write's cost passes `jit_above_cost` and compiling it took 100 ms to 1 s.
 *
 * SQLite: nothing (its reply runs its statements back to back in-process). Frozen once
 * released: a later change replaces the function in a migration of its own.
 */
/** The head's partner of migration 0013: `limit 1` (see 0014-reply-partner-by-index.ts for why it was replaced). */
export const PARTNER_WITH_LIMIT = "(select p.user_id from messaging_participants p where p.thread_id = th.id and p.user_id <> p_sender and th.kind = 'direct' limit 1)";

/**
 * The `create or replace function` statement of the reply, with `partner` as the head's
 * expression for a direct thread's other member. Each migration passes its own, so the text
 * a released migration runs never changes.
 */
export const replyFunctionSql = (partner: string) => `create or replace function ${REPLY_FUNCTION}(
  p_sender text, p_thread text, p_body text, p_now text,
  p_partner text, p_write boolean, p_suspension_refuses boolean, p_notify_at text)
returns table (
  head_suspended boolean, head_kind text, head_member boolean, head_partner text,
  w_member boolean, w_blocked boolean, w_message_id bigint, w_user_id text, w_muted_at text,
  w_unread_before integer, w_unread_total bigint, w_inbox_rows bigint)
language plpgsql volatile
set enable_sort = off
set jit = off
as $reply$
declare
  h record;
begin
  select exists(select 1 from messaging_suspensions s where s.user_id = p_sender) as suspended, t.kind, t.member, t.partner
  into h
  from (select 1) as one
  left join lateral (
    select th.kind,
      exists(select 1 from messaging_participants me where me.thread_id = th.id and me.user_id = p_sender and me.left_at is null) as member,
      ${partner} as partner
    from messaging_threads th where th.id = p_thread for no key update
  ) as t on true;
  if not p_write or h.kind is null or not h.member or (h.suspended and p_suspension_refuses) or h.partner is distinct from p_partner then
    return query select h.suspended, h.kind, h.member, h.partner, null::boolean, null::boolean, null::bigint, null::text, null::text, null::integer, null::bigint, null::bigint;
    return;
  end if;
  if p_notify_at is null then
    return query ${write('')};
  else
    return query ${write(SCHEDULE_CTE)};
  end if;
end
$reply$`;

export const postgresReplyFunction: Migration = {
  async up(db: Kysely<any>) {
    if (detectDialect(db) !== 'postgres') return;
    await sql.raw(replyFunctionSql(PARTNER_WITH_LIMIT)).execute(db);
  },

  async down(db: Kysely<any>) {
    if (detectDialect(db) !== 'postgres') return;
    await sql.raw(`drop function if exists ${REPLY_FUNCTION}(text, text, text, text, text, boolean, boolean, text)`).execute(db);
  },
};
