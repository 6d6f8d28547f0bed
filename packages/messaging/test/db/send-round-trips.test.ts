import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import { TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

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

interface Counted {
  messaging: Messaging;
  /** Statements run since the last call (pg_notify apart), and their text. */
  take(): { statements: string[]; notifies: number };
}

async function countedMessaging(): Promise<Counted> {
  const schema = `msg_rt_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 5, options: `-c search_path="${schema}",public` });
  let statements: string[] = [];
  let notifies = 0;
  const wrapped = new WeakSet<object>();
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
    const client = await connect();
    if (!wrapped.has(client)) {
      wrapped.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text ?? '');
        if (/pg_notify/i.test(text)) notifies++;
        else statements.push(text);
        return query(...args);
      };
    }
    return client;
  };
  const messaging = createMessaging({
    database: { postgres: { pool } },
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
    take() {
      const taken = { statements, notifies };
      statements = [];
      notifies = 0;
      return taken;
    },
  };
}

postgresOnly('round trips on Postgres', () => {
  it('a reply in a direct thread waits for at most 4 statements, reads nothing after its commit, and still counts unread and refuses a blocked sender', async () => {
    const { messaging, take } = await countedMessaging();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    take();

    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Second' });
    const { statements } = take();
    expect(statements.length, statements.join('\n---\n')).toBeLessThanOrEqual(4);
    // The unread totals the events carry come from the write itself, not from a read after the commit.
    expect(statements.at(-1)).toMatch(/^commit/i);
    expect((await messaging.conversations.getUnread('2')).unreadTotal).toBe(2);

    await messaging.blocks.block('2', '1');
    take();
    await expect(messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Third' })).rejects.toMatchObject({ code: 'blocked' });
    expect(take().statements.length).toBeLessThanOrEqual(4);
  });

  it('a reply in a group of five takes no more statements than a direct one', async () => {
    const { messaging, take } = await countedMessaging();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3', '4', '5'], body: 'Hi all' });
    take();
    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'Hello' });
    const { statements } = take();
    expect(statements.length, statements.join('\n---\n')).toBeLessThanOrEqual(4);
    expect((await messaging.conversations.getUnread('3')).unreadTotal).toBe(2);
  });
});
