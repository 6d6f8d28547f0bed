/**
 * Other libraries' tables, filled from the same messages and read marks, so that their
 * unread-count query shapes run on exactly our data (same SQL on SQLite and Postgres).
 *
 * laravel-messenger (cmgmyr/laravel-messenger, migrations/): threads, messages
 * (thread_id, user_id, body, timestamps, deleted_at), participants (thread_id, user_id,
 * last_read timestamp, deleted_at). Its migrations declare foreign keys on messages.thread_id,
 * messages.user_id, participants.thread_id and participants.user_id, which MySQL (its usual
 * database) backs with an index each: BASELINE_INDEXES adds those four.
 * Times stay ISO text, as ours are.
 *
 * Mailboxer (mailboxer/mailboxer, db/migrate): one receipt per member per message (the
 * sender's own in the sentbox, read), with its index on (receiver_id, receiver_type)
 * (20131206080417_add_missing_indices) and on notification_id (create_mailboxer).
 */
export const BASELINE_SQL = [
  `create table lm_threads (id integer primary key, ext_id text not null, subject text,
     created_at text not null, updated_at text not null, deleted_at text)`,
  `insert into lm_threads (id, ext_id, subject, created_at, updated_at)
     select row_number() over (order by t.created_at, t.id), t.id, t.subject, t.created_at, t.last_message_at from messaging_threads t`,
  `create unique index lm_threads_ext on lm_threads (ext_id)`,
  `create table lm_messages (id integer primary key, thread_id integer not null, user_id integer not null, body text not null,
     created_at text not null, updated_at text not null, deleted_at text)`,
  `insert into lm_messages (id, thread_id, user_id, body, created_at, updated_at)
     select m.id, t.id, cast(m.sender_id as integer), m.body, m.created_at, m.created_at
     from messaging_messages m join lm_threads t on t.ext_id = m.thread_id`,
  `create index lm_messages_thread on lm_messages (thread_id)`,
  `create table lm_participants (thread_id integer not null, user_id integer not null, last_read text,
     created_at text not null, updated_at text not null, deleted_at text)`,
  `insert into lm_participants (thread_id, user_id, last_read, created_at, updated_at)
     select t.id, cast(p.user_id as integer), (select m.created_at from messaging_messages m where m.id = p.last_read_message_id),
            p.joined_at, p.joined_at
     from messaging_participants p join lm_threads t on t.ext_id = p.thread_id`,
  `create index lm_participants_thread on lm_participants (thread_id)`,
  `create table mb_receipts (receiver_id integer, receiver_type varchar(255), notification_id integer not null,
     is_read boolean default false, trashed boolean default false, deleted boolean default false,
     mailbox_type varchar(25), created_at text not null, updated_at text not null)`,
  `insert into mb_receipts (receiver_id, receiver_type, notification_id, is_read, trashed, deleted, mailbox_type, created_at, updated_at)
     select cast(p.user_id as integer), 'User', m.id,
            case when m.sender_id = p.user_id or m.id <= coalesce(p.last_read_message_id, 0) then true else false end,
            false, false, case when m.sender_id = p.user_id then 'sentbox' else 'inbox' end, m.created_at, m.created_at
     from messaging_messages m join messaging_participants p on p.thread_id = m.thread_id`,
  `create index mb_receipts_notification on mb_receipts (notification_id)`,
  `create index mb_receipts_receiver on mb_receipts (receiver_id, receiver_type)`,
];

/**
 * The peers' shipped indexes beyond the ones above, and statistics on their tables only
 * (ours stay as generated: SQLite unanalysed, Postgres as VACUUM ANALYZE left them). Applied
 * before timing (measure-unread.ts), idempotently, so cached datasets get them too.
 */
export const BASELINE_INDEXES = [
  'create index if not exists lm_messages_user on lm_messages (user_id)',
  'create index if not exists lm_participants_user on lm_participants (user_id)',
];
export const BASELINE_TABLES = ['lm_threads', 'lm_messages', 'lm_participants', 'mb_receipts'];

/** The unread-count query shapes compared; `$1` is the member's id (text for ours, integer for theirs). */
export const UNREAD_QUERIES = {
  /** Ours: the nav badge, one range of the partial index `messaging_participants_unread`. */
  ours: `select coalesce(sum(unread_count), 0) as total, count(*) as threads from messaging_participants
         where user_id = $1 and unread_count > 0 and muted_at is null and left_at is null`,
  /**
   * laravel-messenger: `Message::unreadForUser($id)->count()` (Models/Message.php
   * scopeUnreadForUser: has('thread'), user_id != id, whereHas participants with
   * last_read < messages.created_at or null), as Eloquent writes it, soft-delete scopes included.
   */
  laravelMessenger: `select count(*) as aggregate from lm_messages
         where exists (select * from lm_threads where lm_messages.thread_id = lm_threads.id and lm_threads.deleted_at is null)
           and lm_messages.user_id != $1
           and exists (select * from lm_participants where lm_messages.thread_id = lm_participants.thread_id
                         and lm_participants.user_id = $1
                         and (lm_participants.last_read < lm_messages.created_at or lm_participants.last_read is null)
                         and lm_participants.deleted_at is null)
           and lm_messages.deleted_at is null`,
  /** Mailboxer: unread receipts of the member (the count without its joins, a lower bound of its cost). */
  mailboxer: `select count(*) as n from mb_receipts
         where receiver_id = $1 and receiver_type = 'User' and is_read = false and trashed = false and deleted = false`,
} as const;
