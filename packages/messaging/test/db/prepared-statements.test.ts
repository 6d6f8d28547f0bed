import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import { TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { tapPoolQueries } from '../helpers/counted-postgres.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

/**
 * The inbox and thread pages on Postgres run as named prepared statements (planned once per
 * connection), and a pooler that loses them (PgBouncer in transaction mode without
 * `max_prepared_statements`) costs no page: the refused statement is sent again unprepared
 * and the pool stops preparing.
 */
const postgresOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;

interface Sent {
  text: string;
  name: string | undefined;
}

interface Recorded {
  messaging: Messaging;
  /** The pool's one connection: what the server holds for it, and a way to act behind pg's back. */
  pool: pg.Pool;
  /** Statements sent since the last call (`pg_notify` apart), with the name they were sent under (if any). */
  take(): Sent[];
}

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** An instance on a schema of its own over a pool of ONE connection, every statement recorded. */
async function recorded(options: { preparedStatements?: boolean } = {}): Promise<Recorded> {
  const schema = `msg_ps_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 1, options: `-c search_path="${schema}",public` });
  let sent: Sent[] = [];
  tapPoolQueries(pool, (query, args) => {
    const config = typeof args[0] === 'string' ? { text: args[0] } : (args[0] as { text?: string; name?: string });
    // The live bus's NOTIFYs go out after a write returns: not the statements under test.
    if (!/pg_notify/i.test(String(config?.text))) sent.push({ text: String(config?.text ?? ''), name: config?.name });
    return query(...args);
  });
  const messaging = createMessaging({
    database: { postgres: { pool, ...options } },
    users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: () => null,
  });
  await messaging.migrate();
  cleanups.push(async () => {
    await messaging.close();
    await pool.end();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });
  return {
    messaging,
    pool,
    take: () => {
      const taken = sent;
      sent = [];
      return taken;
    },
  };
}

/** Member 2's inbox: a group thread (Plans, 4 members) and, newer, a muted direct thread with carol. */
async function seed(messaging: Messaging): Promise<{ groupId: string; directId: string }> {
  const c = messaging.conversations;
  const group = await c.startConversation({ senderId: '1', recipientIds: ['2', '3'], subject: 'Plans', body: 'Hi all' });
  await messaging.membership.addMembers({ actorId: '1', threadId: group.thread.id, userIds: ['4'] });
  await c.sendMessage({ senderId: '1', threadId: group.thread.id, body: 'Welcome' });
  const direct = await c.startConversation({ senderId: '2', recipientIds: ['3'], body: 'Psst' });
  await c.sendMessage({ senderId: '3', threadId: direct.thread.id, body: 'Yes?' });
  await messaging.inboxControls.mute('2', direct.thread.id);
  return { groupId: group.thread.id, directId: direct.thread.id };
}

/** Runs SQL on the pool's one connection (`pool.query` would bypass the recording `connect`). */
async function onConnection<R extends pg.QueryResultRow>(pool: pg.Pool, text: string): Promise<R[]> {
  const client = await pool.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    client.release();
  }
}

/** The names of the statements the server keeps prepared on the pool's connection. */
async function preparedOnServer(pool: pg.Pool): Promise<string[]> {
  return (await onConnection<{ name: string }>(pool, 'select name from pg_prepared_statements order by name')).map((r) => r.name);
}

postgresOnly('prepared page statements on Postgres', () => {
  it('the inbox and thread pages are prepared once per connection and answer as before, page after page', async () => {
    const { messaging, pool, take } = await recorded();
    const { groupId, directId } = await seed(messaging);
    take();

    const first = await messaging.conversations.listThreads('2', { limit: 1 });
    const [inbox] = take();
    expect(inbox?.name).toMatch(/^messaging_[0-9a-f]{24}$/);
    expect(first.items.map((t) => t.id)).toEqual([directId]);
    expect(first.items[0]).toMatchObject({ muted: true, unreadCount: 1, lastMessage: { preview: 'Yes?' } });
    // The next page (a text of its own: the keyset condition) continues where the first ended.
    const second = await messaging.conversations.listThreads('2', { limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((t) => t.id)).toEqual([groupId]);
    expect(second.items[0]!.participants.map((p) => p.id)).toEqual(['1', '2', '3', '4']);
    const again = await messaging.conversations.listThreads('2', { limit: 1 });
    expect(again).toEqual(first);
    const [secondSent, againSent] = take();
    expect(secondSent?.name).toMatch(/^messaging_/);
    expect(secondSent?.name).not.toBe(inbox!.name);
    expect(againSent?.name).toBe(inbox!.name);

    const thread = await messaging.conversations.getThread('4', groupId, {});
    expect(thread.messages.map((m) => m.body)).toEqual(['Welcome']);
    const [threadSent] = take();
    expect(threadSent?.name).toMatch(/^messaging_/);

    // The nav badge too: one text for every member, each call bound to its own member.
    expect(await messaging.conversations.getUnread('2')).toEqual({ unreadTotal: 2, unreadThreads: 1 });
    expect(await messaging.conversations.getUnread('4')).toEqual({ unreadTotal: 1, unreadThreads: 1 });
    expect(await messaging.conversations.getUnread('3')).toEqual({ unreadTotal: 2, unreadThreads: 1 });
    const badgeSent = take();
    expect(badgeSent.map((s) => s.name)).toEqual([badgeSent[0]!.name, badgeSent[0]!.name, badgeSent[0]!.name]);
    expect(badgeSent[0]!.name).toMatch(/^messaging_/);

    expect(await preparedOnServer(pool)).toEqual([inbox!.name, secondSent!.name, threadSent!.name, badgeSent[0]!.name].sort());
  });

  it('when the server no longer has a prepared statement (a transaction pooler), the page is still answered and the pool stops preparing', async () => {
    const { messaging, pool, take } = await recorded();
    const { groupId, directId } = await seed(messaging);
    const before = await messaging.conversations.listThreads('2', {});
    // What a pooler does: the next statement reaches a server connection that never saw the PREPARE.
    await onConnection(pool, 'deallocate all');
    take();

    const after = await messaging.conversations.listThreads('2', {});
    expect(after).toEqual(before);
    expect(after.items.map((t) => t.id)).toEqual([directId, groupId]);
    const [refused, retried] = take();
    expect(refused?.name).toMatch(/^messaging_/);
    expect(retried?.name).toBeUndefined();
    expect(retried?.text).toBe(refused?.text);

    await messaging.conversations.getThread('2', groupId, {});
    await messaging.conversations.listThreads('2', {});
    expect(take().map((s) => s.name)).toEqual([undefined, undefined]);
    expect(await preparedOnServer(pool)).toEqual([]);
  });

  it('preparedStatements: false sends every statement unnamed', async () => {
    const { messaging, pool, take } = await recorded({ preparedStatements: false });
    const { groupId } = await seed(messaging);
    take();
    await messaging.conversations.listThreads('2', {});
    await messaging.conversations.getThread('2', groupId, {});
    expect(take().map((s) => s.name)).toEqual([undefined, undefined]);
    expect(await preparedOnServer(pool)).toEqual([]);
  });
});
