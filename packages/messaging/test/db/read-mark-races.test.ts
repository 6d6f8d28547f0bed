import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import type { MessagingDatabase } from '../../src/db/schema.js';
import type { Messaging } from '../../src/create-messaging.js';
import type { MessagingEventMap } from '../../src/events.js';
import { seeded } from '../helpers/seeded-random.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';
import { setUp, unreadDrift } from './services-fixture.js';

/**
 * Marking a thread read while other writes to it run (issue 18 made the mark one statement on
 * Postgres). Under READ COMMITTED a statement reads with the snapshot of its start: a mark
 * that waited for the thread behind a send or a deletion must still count what those
 * committed. The Postgres cases hold the thread's row lock from a connection of their own so
 * that the send (or deletion) and then the mark queue behind it in that order, then let go.
 */
const postgresOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;

async function rowOf(messaging: Messaging, threadId: string, userId: string) {
  const row = await messaging.database.db
    .selectFrom('messaging_participants')
    .select(['unread_count', 'last_read_message_id'])
    .where('thread_id', '=', threadId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { unreadCount: Number(row.unread_count), mark: String(row.last_read_message_id) };
}

/**
 * Waits until `n` backends wait, directly or in line, for `holder`, or until `call` settles
 * (a call that does not wait at all; the assertions that follow then tell).
 */
async function waitersOf(db: Kysely<MessagingDatabase>, holder: number, n: number, call: Promise<unknown>): Promise<void> {
  let settled = false;
  call.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    const { rows } = await sql<{ n: number }>`with direct as (select pid from pg_stat_activity where ${holder}::int = any(pg_blocking_pids(pid)))
      select count(*)::int as n from pg_stat_activity a
      where ${holder}::int = any(pg_blocking_pids(a.pid)) or exists(select 1 from direct d where d.pid = any(pg_blocking_pids(a.pid)))`.execute(db);
    if (rows[0]!.n >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Holds the thread's row lock (as a send holds it) on a connection of its own until `release`
 * is called; `pid` is that connection's backend.
 */
async function holdThread(db: Kysely<MessagingDatabase>, threadId: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started!: (pid: number) => void;
  const pid = new Promise<number>((resolve) => (started = resolve));
  const done = db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    await sql`select id from messaging_threads where id = ${threadId} for no key update`.execute(conn);
    started((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn)).rows[0]!.pid);
    await released;
    await sql`commit`.execute(conn);
  });
  return { pid: await pid, release, done };
}

postgresOnly('a read mark racing other writes on Postgres', () => {
  it('counts a send that commits while the mark waits for the thread', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const db = messaging.database.db;
    const { thread } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'one' });
    const seen = await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'two' });

    const hold = await holdThread(db, thread.id);
    const sending = c.sendMessage({ senderId: '1', threadId: thread.id, body: 'sent while the mark waits' });
    await waitersOf(db, hold.pid, 1, sending);
    // The page names the newest message it showed; the send's message comes after it.
    const reading = c.markRead('2', thread.id, seen.id);
    await waitersOf(db, hold.pid, 2, reading);
    hold.release();
    await hold.done;
    const late = await sending;

    expect(await reading).toEqual({ unreadCount: 1, unreadTotal: 1 });
    expect(await rowOf(messaging, thread.id, '2')).toEqual({ unreadCount: 1, mark: seen.id });
    expect(await unreadDrift(messaging)).toEqual([]);
    const page = await c.getThread('2', thread.id);
    expect(page.thread.unreadCount).toBe(1);
    expect(page.messages.at(-1)!.id).toBe(late.id);
  });

  it('does not count a message its sender deletes while the mark waits for the thread', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const db = messaging.database.db;
    const { thread, message: first } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'one' });
    await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'two' });
    const doomed = await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'three, deleted' });
    expect((await c.getUnread('2')).unreadTotal).toBe(3);

    const hold = await holdThread(db, thread.id);
    const deleting = messaging.messageEdits.delete('1', doomed.id);
    await waitersOf(db, hold.pid, 1, deleting);
    const reading = c.markRead('2', thread.id, first.id);
    await waitersOf(db, hold.pid, 2, reading);
    hold.release();
    await hold.done;
    await deleting;

    // 'two' is left unread; the deleted message counts neither in the answer nor in the row.
    expect(await reading).toEqual({ unreadCount: 1, unreadTotal: 1 });
    expect(await rowOf(messaging, thread.id, '2')).toEqual({ unreadCount: 1, mark: first.id });
    expect(await unreadDrift(messaging)).toEqual([]);
  });

  it('keeps the furthest mark when an older device reports while a newer one is writing', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const db = messaging.database.db;
    const { thread } = await c.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'm0' });
    const ids: string[] = [];
    for (let i = 1; i <= 9; i++) ids.push((await c.sendMessage({ senderId: '1', threadId: thread.id, body: `m${i}` })).id);

    // Member 2's row held by another writer (a mute) while both devices report.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: (pid: number) => void;
    const pid = new Promise<number>((resolve) => (started = resolve));
    const muting = db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`update messaging_participants set muted_at = null where thread_id = ${thread.id} and user_id = '2'`.execute(conn);
      started((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn)).rows[0]!.pid);
      await released;
      await sql`commit`.execute(conn);
    });
    const holder = await pid;
    const newer = c.markRead('2', thread.id, ids[7]);
    await waitersOf(db, holder, 1, newer);
    const older = c.markRead('2', thread.id, ids[2]);
    await waitersOf(db, holder, 2, older);
    release();
    await muting;

    expect(await newer).toEqual({ unreadCount: 1, unreadTotal: 1 });
    // The older report answers what it found: after the newer one (m9 unread) or before it (m4 to m9).
    expect([1, 6]).toContain((await older).unreadCount);
    expect(await rowOf(messaging, thread.id, '2')).toEqual({ unreadCount: 1, mark: ids[7] });
    expect(await unreadDrift(messaging)).toEqual([]);
  });
});

describe(`read marks among concurrent sends, deletions and mutes on ${TEST_DIALECT}`, () => {
  it('leaves every counter equal to a recount, every badge equal to its inbox, and no mark behind one it reported', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const random = seeded(20261202);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const users = ['1', '2', '3', '4'];
    const threads = [
      { id: (await c.startConversation({ senderId: '1', recipientIds: ['2', '3', '4'], body: 'group' })).thread.id, members: users },
      { id: (await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'a' })).thread.id, members: ['1', '2'] },
      { id: (await c.startConversation({ senderId: '3', recipientIds: ['2'], body: 'b' })).thread.id, members: ['3', '2'] },
    ];
    const sent: Array<{ id: string; threadId: string; by: string }> = [];
    // The furthest message each member's marks named per thread: the stored mark may not be behind it.
    const furthest = new Map<string, bigint>();
    const readUpTo = async (reader: string, threadId: string, named: string | undefined) => {
      // Unnamed, the mark goes to the thread's latest: at least the newest message seen just before.
      const upTo = named ?? (await c.getThread(reader, threadId, { limit: 1 })).messages.at(-1)?.id;
      await c.markRead(reader, threadId, named);
      const key = `${threadId}/${reader}`;
      if (upTo !== undefined && BigInt(upTo) > (furthest.get(key) ?? 0n)) furthest.set(key, BigInt(upTo));
    };

    const operation = (step: number): (() => Promise<unknown>) => {
      const t = pick(threads);
      const who = pick(t.members);
      const roll = random();
      if (roll < 0.4) return async () => sent.push({ id: (await c.sendMessage({ senderId: who, threadId: t.id, body: `s${step}` })).id, threadId: t.id, by: who });
      if (roll < 0.75) {
        const mine = sent.filter((m) => m.threadId === t.id);
        const named = mine.length > 0 && random() < 0.5 ? pick(mine).id : undefined;
        return () => readUpTo(who, t.id, named);
      }
      if (roll < 0.9) {
        const own = sent.filter((m) => m.by === who);
        if (own.length === 0) return () => readUpTo(who, t.id, undefined);
        const victim = own.splice(Math.floor(random() * own.length), 1)[0]!;
        sent.splice(sent.indexOf(victim), 1);
        return () => messaging.messageEdits.delete(who, victim.id);
      }
      return () => (random() < 0.5 ? messaging.inboxControls.mute(who, t.id) : messaging.inboxControls.unmute(who, t.id));
    };

    let step = 0;
    for (let wave = 0; wave < 15; wave++) {
      await Promise.all(Array.from({ length: 12 }, () => operation(step++)()));
      expect(await unreadDrift(messaging), `after wave ${wave}`).toEqual([]);
    }
    for (const user of users) {
      const inbox = await c.listThreads(user, { limit: 100 });
      const total = inbox.items.filter((t) => !t.muted).reduce((n, t) => n + t.unreadCount, 0);
      expect((await c.getUnread(user)).unreadTotal, `member ${user}`).toBe(total);
    }
    for (const [key, upTo] of furthest) {
      const [threadId, reader] = key.split('/') as [string, string];
      expect(BigInt((await rowOf(messaging, threadId, reader)).mark) >= upTo, key).toBe(true);
    }
  });

  it('answers and announces as before: not_found for a non-member, a muted thread leaves the total alone', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const events: Array<[string, MessagingEventMap['unread.changed'] | MessagingEventMap['message.read']]> = [];
    messaging.on('unread.changed', (e) => events.push(['unread.changed', e]));
    messaging.on('message.read', (e) => events.push(['message.read', e]));
    const a = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'a' });
    const b = await c.startConversation({ senderId: '3', recipientIds: ['2'], body: 'b' });
    await c.sendMessage({ senderId: '3', threadId: b.thread.id, body: 'b2' });
    await expect(c.markRead('4', a.thread.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(c.markRead('2', 'no-such-thread')).rejects.toMatchObject({ code: 'not_found' });
    await expect(c.markRead('4', a.thread.id, b.message.id)).rejects.toMatchObject({ code: 'not_found' });

    await messaging.inboxControls.mute('2', b.thread.id);
    events.length = 0;
    expect(await c.markRead('2', b.thread.id)).toEqual({ unreadCount: 0, unreadTotal: 1 });
    expect(events).toEqual([['message.read', expect.objectContaining({ threadId: b.thread.id, userId: '2', unreadTotal: 1 })]]);
    events.length = 0;
    expect(await c.markRead('2', a.thread.id, a.message.id)).toEqual({ unreadCount: 0, unreadTotal: 0 });
    expect(events).toEqual([
      ['unread.changed', { userId: '2', unreadTotal: 0 }],
      ['message.read', { threadId: a.thread.id, userId: '2', lastReadMessageId: a.message.id, unreadTotal: 0 }],
    ]);
    events.length = 0;
    expect(await c.markRead('2', a.thread.id)).toEqual({ unreadCount: 0, unreadTotal: 0 });
    expect(events).toEqual([]);
    expect(await unreadDrift(messaging)).toEqual([]);
  });
});

const sqliteOnly = TEST_DIALECT === 'sqlite' ? describe : describe.skip;

sqliteOnly("read marks on a host's own SQLite Kysely (the general path)", () => {
  it('move forward only, recount, refuse what they must and answer the total', async () => {
    const db = new Kysely<MessagingDatabase>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    const messaging = createMessaging({
      database: { kysely: db },
      users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
      currentUserId: () => null,
    });
    try {
      await messaging.migrate();
      const c = messaging.conversations;
      const { thread, message: m1 } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'one' });
      const m2 = await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'two' });
      await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'three' });
      const other = await c.startConversation({ senderId: '3', recipientIds: ['2'], body: 'elsewhere' });
      expect(await c.markRead('2', thread.id, m2.id)).toEqual({ unreadCount: 1, unreadTotal: 2 });
      expect(await c.markRead('2', thread.id, m1.id)).toEqual({ unreadCount: 1, unreadTotal: 2 });
      await expect(c.markRead('2', thread.id, other.message.id)).rejects.toMatchObject({ code: 'invalid_request' });
      await expect(c.markRead('4', thread.id)).rejects.toMatchObject({ code: 'not_found' });
      expect(await c.markRead('2', thread.id)).toEqual({ unreadCount: 0, unreadTotal: 1 });
      expect(await unreadDrift(messaging)).toEqual([]);
    } finally {
      await messaging.close();
      await db.destroy();
    }
  });
});
