import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { type CountedMessaging, countedMessaging } from '../helpers/counted-postgres.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging, TEST_USERS } from '../helpers/test-messaging.js';
import { SQLITE_REPLY_MEMBERS, SQLITE_REPLY_TOTALS } from '../../src/services/conversations/reply-statements.js';

/**
 * The send path's design on Postgres: how many statements a send, an inbox page and a thread
 * page wait for, counted at the driver (every `client.query` is one round trip). NOTIFYs of
 * the live bus are counted apart: they go out after the answer, not in its path.
 */
const postgresOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function counted(): Promise<Pick<CountedMessaging, 'messaging' | 'take' | 'pool'>> {
  const c = await countedMessaging();
  cleanups.push(c.close);
  return c;
}

postgresOnly('round trips on Postgres', () => {
  it('a reply in a direct thread waits for one statement (the reply function, its own transaction), and still counts unread and refuses a blocked sender', async () => {
    const { messaging, take } = await counted();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    take();

    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Second' });
    const { statements } = take();
    expect(statements, statements.join('\n---\n')).toHaveLength(1);
    // The unread totals the events carry come from the call itself, not from a read after it.
    expect(statements[0]).toMatch(/^select \* from messaging_reply\(/i);
    expect((await messaging.conversations.getUnread('2')).unreadTotal).toBe(2);

    await messaging.blocks.block('2', '1');
    take();
    await expect(messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Third' })).rejects.toMatchObject({ code: 'blocked' });
    expect(take().statements).toHaveLength(1);
    expect(await messaging.conversations.getThread('2', thread.id).then((t) => t.messages.map((m) => m.body))).toEqual(['Hi', 'Second']);
  });

  it('a reply in a group of five takes no more statements than a direct one', async () => {
    const { messaging, take } = await counted();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3', '4', '5'], body: 'Hi all' });
    take();
    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'Hello' });
    const { statements } = take();
    expect(statements, statements.join('\n---\n')).toHaveLength(1);
    expect((await messaging.conversations.getUnread('3')).unreadTotal).toBe(2);
  });

  it("a reply in a thread this instance did not start reads the thread's members once, before the call, and its next replies wait for one statement", async () => {
    const { messaging, take, pool } = await counted();
    // Another app server on the same database started the thread.
    const other = createMessaging({
      database: { postgres: { pool } },
      users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
      currentUserId: () => null,
    });
    cleanups.push(() => other.close());
    const { thread } = await other.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    take();

    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'First here' });
    const first = take().statements;
    expect(first, first.join('\n---\n')).toHaveLength(2);
    expect(first[0]).toMatch(/^select/i);
    expect(first[1]).toMatch(/^select \* from messaging_reply\(/i);
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Second here' });
    const second = take().statements;
    expect(second, second.join('\n---\n')).toHaveLength(1);
    expect(second[0]).toMatch(/^select \* from messaging_reply\(/i);
  });
});

const sqliteOnly = TEST_DIALECT === 'sqlite' ? describe : describe.skip;

/**
 * Records every better-sqlite3 statement run (its SQL) with the synchronous turn it ran in: a
 * turn ends at the first microtask checkpoint, so two statements share a turn only when no
 * await (and nothing else of the process) could run between them.
 */
function tapSqliteTurns() {
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<'run' | 'get' | 'all', (...args: unknown[]) => unknown>;
  probe.close();
  const originals = { run: statement.run, get: statement.get, all: statement.all };
  const ran: Array<{ sql: string; turn: number }> = [];
  let turn = 0;
  let open = false;
  for (const method of ['run', 'get', 'all'] as const) {
    statement[method] = function (this: { source: string }, ...args: unknown[]) {
      if (!open) {
        open = true;
        turn++;
        queueMicrotask(() => {
          open = false;
        });
      }
      ran.push({ sql: this.source, turn });
      return originals[method].apply(this, args);
    };
  }
  cleanups.push(async () => {
    Object.assign(statement, originals);
  });
  return { take: () => ran.splice(0) };
}

sqliteOnly('statements on SQLite', () => {
  it("a reply's write runs its statements back to back in one turn, from reading the members to the totals, with no await between them", async () => {
    const { messaging, cleanup } = await createTestMessaging();
    cleanups.push(cleanup);
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'Hi all' });
    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'Unread for 1 and 3' });
    const turns = tapSqliteTurns();

    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Hello' });
    const ran = turns.take();
    // From the members read to the totals: the write's first and last statements (reply-statements.ts).
    const write = ran.slice(
      ran.findIndex((s) => s.sql === SQLITE_REPLY_MEMBERS),
      ran.findIndex((s) => s.sql === SQLITE_REPLY_TOTALS) + 1,
    );
    const listing = ran.map((s) => `${s.turn}: ${s.sql.replace(/\s+/g, ' ').slice(0, 90)}`).join('\n');
    // The members read, the message, the thread, the participants and the totals of the two who had unread messages.
    expect(
      write.map((s) => s.sql.split(/\s+/).slice(0, 3).join(' ').toLowerCase()),
      listing,
    ).toEqual(expect.arrayContaining(['insert into messaging_messages', 'update messaging_threads set', 'update messaging_participants set']));
    expect(write.length, listing).toBeGreaterThanOrEqual(5);
    expect(new Set(write.map((s) => s.turn)).size, listing).toBe(1);
    // The tap tells turns apart: the head, read before the host's adapter is asked, ran in an earlier one.
    expect(ran[0]?.turn, listing).toBeLessThan(write[0]?.turn ?? 0);
    expect((await messaging.conversations.getUnread('3')).unreadTotal).toBe(3);
  });
});
