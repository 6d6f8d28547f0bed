import {
  type DatasetSize,
  directKey,
  isMuted,
  messageBody,
  messageSender,
  messageThreads,
  messageTime,
  threadCreatedAt,
  threadId,
  threadMembers,
  threadSubject,
  unreadTail,
} from './dataset-plan.js';

/** Rows as column arrays, in the columns' insert order; each writer turns them into inserts. */
export interface RowBatch {
  table: 'messaging_threads' | 'messaging_participants' | 'messaging_messages';
  columns: string[];
  rows: unknown[][];
}

const BATCH = 20_000;

/**
 * Every row of the dataset, in batches: threads, then participants, then messages (ids 1..M).
 * Derived values (last message, read marks, unread counts, activity times) are placeholders
 * here; {@link FINALIZE_SQL} computes them from the messages afterwards.
 */
export function* datasetBatches(size: DatasetSize): Generator<RowBatch> {
  const ids = Array.from({ length: size.threads }, (_, t) => threadId(size, t));
  const members = Array.from({ length: size.threads }, (_, t) => threadMembers(size, t));

  yield* inBatches('messaging_threads', ['id', 'kind', 'subject', 'direct_key', 'created_by', 'created_at', 'last_message_at'], size.threads, (t) => {
    const [a, b] = members[t]!;
    return [ids[t], 'direct', threadSubject(t), directKey(a, b), a, threadCreatedAt, threadCreatedAt];
  });

  const participantColumns = ['thread_id', 'user_id', 'joined_at', 'unread_count', 'last_activity_at', 'muted_at'];
  yield* inBatches('messaging_participants', participantColumns, size.threads * 2, (i) => {
    const t = i >> 1;
    const user = members[t]![i & 1]!;
    // unread_count holds the "unread tail" until the set-based pass (see dataset-plan).
    return [ids[t], user, threadCreatedAt, unreadTail(t, user), threadCreatedAt, isMuted(t, user) ? threadCreatedAt : null];
  });

  const walk = messageThreads(size);
  yield* inBatches('messaging_messages', ['id', 'thread_id', 'sender_id', 'body', 'created_at'], size.messages, (k) => {
    const t = walk.next().value as number;
    return [k + 1, ids[t], messageSender(members[t]!, k), messageBody(k), messageTime(k)];
  });
}

function* inBatches(table: RowBatch['table'], columns: string[], count: number, row: (i: number) => unknown[]): Generator<RowBatch> {
  for (let start = 0; start < count; start += BATCH) {
    const rows: unknown[][] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) rows.push(row(i));
    yield { table, columns, rows };
  }
}

/**
 * Makes the derived columns consistent with the messages, set-based (same SQL on SQLite and
 * Postgres), following the package's rules: a member's read mark is the newest message they
 * have read, and never older than their own last message (sending marks the thread read);
 * unread_count counts others' messages after the mark; last_activity_at copies the thread's
 * last_message_at.
 */
export const FINALIZE_SQL = [
  `update messaging_threads set
     last_message_id = (select max(m.id) from messaging_messages m where m.thread_id = messaging_threads.id),
     created_at = (select m.created_at from messaging_messages m where m.thread_id = messaging_threads.id order by m.id limit 1)`,
  `update messaging_threads set
     last_message_at = (select m.created_at from messaging_messages m where m.id = messaging_threads.last_message_id)`,
  // The newest few messages of every thread, ranked newest first.
  // ("sender_id || ''" below keeps the planners on the thread index: walking a busy sender's
  // messages for every membership of theirs is quadratic.)
  `create temporary table bench_tail as
     select thread_id, id, rn from (
       select m.thread_id, m.id, row_number() over (partition by m.thread_id order by m.id desc) as rn
       from messaging_messages m
     ) ranked where rn <= 6`,
  `create index bench_tail_thread on bench_tail (thread_id, rn)`,
  `update messaging_participants set last_read_message_id = (
     select case when a.id is null then b.id when b.id is null then a.id when a.id > b.id then a.id else b.id end
     from (select (select r.id from bench_tail r
                   where r.thread_id = messaging_participants.thread_id and r.rn = messaging_participants.unread_count + 1) as id) a,
          (select max(m.id) as id from messaging_messages m
           where m.thread_id = messaging_participants.thread_id and m.sender_id || '' = messaging_participants.user_id) b)`,
  `update messaging_participants set
     unread_count = (select count(*) from messaging_messages m
                     where m.thread_id = messaging_participants.thread_id and m.sender_id <> messaging_participants.user_id
                       and m.deleted_at is null and m.id > coalesce(messaging_participants.last_read_message_id, 0)),
     joined_at = (select t.created_at from messaging_threads t where t.id = messaging_participants.thread_id),
     last_activity_at = (select t.last_message_at from messaging_threads t where t.id = messaging_participants.thread_id)`,
  `update messaging_participants set muted_at = last_activity_at where muted_at is not null`,
  `drop table bench_tail`,
];
