import { afterEach, vi } from 'vitest';
import type { Messaging } from '../../src/create-messaging.js';
import { createContext } from '../../src/create-messaging.js';
import type { MessagingContext } from '../../src/context.js';
import { isMessagingError } from '../../src/errors.js';
import { type MessagingOptions, type MessagingUser, validateOptions } from '../../src/options.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging, TEST_USERS } from '../helpers/test-messaging.js';

/**
 * Shared set-up of the services suites (test/db/services-*.test.ts): a migrated instance per
 * test, a users adapter whose calls are counted and whose members can be "deleted", a
 * ticking clock, and row counts for "stores nothing" checks.
 */
export interface ServicesFixture {
  messaging: Messaging;
  /** A context over the same database, for the parts the instance does not expose. */
  ctx: MessagingContext;
  getUsers: ReturnType<typeof vi.fn<(ids: string[]) => Promise<MessagingUser[]>>>;
  /** Members the adapter knows; delete from it to make a "Deleted user". */
  known: Map<string, MessagingUser>;
  counts(): Promise<{ threads: number; participants: number; messages: number }>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A clock that moves one second per reading, so that every write has its own time. */
export function tickingClock(start = Date.parse('2026-01-01T00:00:00.000Z')): () => Date {
  let tick = 0;
  return () => new Date(start + 1000 * tick++);
}

export async function setUp(overrides: Partial<MessagingOptions> = {}): Promise<ServicesFixture> {
  const known = new Map(TEST_USERS.map((u) => [String(u.id), u]));
  const getUsers = vi.fn(async (ids: string[]) => ids.flatMap((id) => (known.has(id) ? [known.get(id)!] : [])));
  const { messaging, cleanup } = await createTestMessaging({ users: { getUsers }, ...overrides });
  cleanups.push(cleanup);
  const ctx = createContext(
    validateOptions({
      database: { kysely: messaging.database.db, dialect: TEST_DIALECT },
      users: { getUsers },
      currentUserId: () => null,
      ...(overrides.clock ? { clock: overrides.clock } : {}),
      ...(overrides.onUnreadChange ? { onUnreadChange: overrides.onUnreadChange } : {}),
    }),
  );
  const db = messaging.database.db;
  const count = async (table: 'messaging_threads' | 'messaging_participants' | 'messaging_messages') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    messaging,
    ctx,
    getUsers,
    known,
    counts: async () => ({
      threads: await count('messaging_threads'),
      participants: await count('messaging_participants'),
      messages: await count('messaging_messages'),
    }),
  };
}

/** Each current participant's stored unread count next to a recount: others' messages after their mark, deleted ones not counted. */
export async function unreadDrift(messaging: Messaging): Promise<Array<{ thread: string; user: string; stored: number; recount: number }>> {
  const db = messaging.database.db;
  const participants = await db
    .selectFrom('messaging_participants')
    .select(['thread_id', 'user_id', 'unread_count', 'last_read_message_id'])
    .where('left_at', 'is', null)
    .execute();
  const messages = await db.selectFrom('messaging_messages').select(['id', 'thread_id', 'sender_id', 'deleted_at']).execute();
  return participants.flatMap((p) => {
    const mark = BigInt(p.last_read_message_id ?? 0);
    const recount = messages.filter((m) => m.thread_id === p.thread_id && m.sender_id !== p.user_id && m.deleted_at === null && BigInt(m.id) > mark).length;
    return Number(p.unread_count) === recount ? [] : [{ thread: p.thread_id, user: p.user_id, stored: Number(p.unread_count), recount }];
  });
}

/** The `MessagingError` code a call fails with, or 'no error'. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (err) => (isMessagingError(err) ? err.code : Promise.reject(err)),
  );
}
