import { afterEach } from 'vitest';
import { type Messaging, createMessaging } from '../../src/create-messaging.js';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

/**
 * Set-up of the operations suites (test/db/cli-ops-*.test.ts): an instance on a database the
 * CLI can open too (a SQLite file or a Postgres schema), a clock that can be set back in time
 * to write old messages, and a check that every derived counter equals a recount.
 */
export interface OpsFixture {
  messaging: Messaging;
  /** The CLI flags that name the same database. */
  flags: string[];
  /** Makes the next writes happen `days` days ago (0: now). */
  setDaysAgo(days: number): void;
  /** Sends `count` messages from `senderId` in the thread (ids returned). */
  send(senderId: string, threadId: string, count: number, text?: string): Promise<string[]>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

export async function setUpOps(): Promise<OpsFixture> {
  const database = createSharedDatabase();
  let offsetMs = 0;
  let tick = 0;
  const messaging = createMessaging({
    database: database.option,
    users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: () => null,
    rateLimits: false,
    // Every reading a millisecond later, so that times are distinct and ordered like ids.
    clock: () => new Date(Date.now() - offsetMs + tick++),
  });
  await messaging.migrate();
  cleanups.push(async () => {
    await messaging.close();
    await database.cleanup();
  });
  const option = database.option as { sqlite?: string; postgres?: { schema: string } };
  const flags = TEST_DIALECT === 'sqlite' ? ['--db', option.sqlite!] : ['--postgres', TEST_POSTGRES_URL, '--schema', option.postgres!.schema];
  return {
    messaging,
    flags,
    setDaysAgo: (days) => {
      offsetMs = days * 86_400_000;
    },
    async send(senderId, threadId, count, text = 'hello') {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await messaging.conversations.sendMessage({ senderId, threadId, body: `${text} ${i}` })).id);
      return ids;
    },
  };
}

/**
 * Every derived column, compared with a recount from the messages: each active participant's
 * unread count, each thread's latest visible message, and the inbox copy of the activity time.
 * Returns the rows that disagree (empty when all is right).
 */
export async function counterMismatches(messaging: Messaging): Promise<string[]> {
  const db = messaging.database.db;
  const [threads, participants, messages] = await Promise.all([
    db.selectFrom('messaging_threads').selectAll().execute(),
    db.selectFrom('messaging_participants').selectAll().execute(),
    db.selectFrom('messaging_messages').select(['id', 'thread_id', 'sender_id', 'created_at', 'deleted_at']).execute(),
  ]);
  const problems: string[] = [];
  for (const t of threads) {
    const mine = messages.filter((m) => m.thread_id === t.id);
    if (mine.length === 0) problems.push(`thread ${t.id} has no messages`);
    const visible = mine.filter((m) => m.deleted_at === null).map((m) => Number(m.id));
    const lastId = visible.length === 0 ? null : Math.max(...visible);
    if ((t.last_message_id === null ? null : Number(t.last_message_id)) !== lastId) problems.push(`thread ${t.id}: last_message_id ${t.last_message_id}, recount ${lastId}`);
    const lastAt = mine
      .map((m) => m.created_at)
      .sort()
      .pop();
    if (lastAt !== undefined && t.last_message_at !== lastAt) problems.push(`thread ${t.id}: last_message_at ${t.last_message_at}, recount ${lastAt}`);
  }
  for (const p of participants) {
    const thread = threads.find((t) => t.id === p.thread_id);
    if (!thread) {
      problems.push(`participant ${p.user_id} of a missing thread ${p.thread_id}`);
      continue;
    }
    if (p.left_at !== null) continue;
    if (p.last_activity_at !== thread.last_message_at)
      problems.push(`participant ${p.user_id} in ${p.thread_id}: last_activity_at ${p.last_activity_at}, thread ${thread.last_message_at}`);
    const mark = p.last_read_message_id === null ? 0 : Number(p.last_read_message_id);
    const unread = messages.filter((m) => m.thread_id === p.thread_id && m.sender_id !== p.user_id && m.deleted_at === null && Number(m.id) > mark).length;
    if (Number(p.unread_count) !== unread) problems.push(`participant ${p.user_id} in ${p.thread_id}: unread_count ${p.unread_count}, recount ${unread}`);
  }
  return problems;
}
