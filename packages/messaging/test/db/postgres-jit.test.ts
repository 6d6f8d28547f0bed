import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { ownSchemaPool } from '../helpers/own-schema-pool.js';
import { TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { TEST_USERS, createTestMessaging } from '../helpers/test-messaging.js';

/**
 * Postgres's JIT compiler stays out of the package's statements. It is on by default (this
 * server's `jit` is on), and once a busy group's dead row versions inflated the planner's
 * estimates past `jit_above_cost`, compiling the send's statement took 100 ms to over a second
 * (group sends fell from ~700 to ~90 a second in the bench).
 */
const postgresOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

postgresOnly('JIT on Postgres', () => {
  it('is off on every connection of the package’s own pool, while the server default is on', async () => {
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    cleanups.push(() => admin.end());
    expect((await admin.query<{ jit: string }>('show jit')).rows[0]!.jit).toBe('on');

    const { messaging, cleanup } = await createTestMessaging();
    cleanups.push(cleanup);
    const db = messaging.database.db;
    // Several connections at once: each new one gets the setting, not only the first.
    const seen = await Promise.all(Array.from({ length: 4 }, () => db.transaction().execute(async (trx) => (await sql<{ jit: string }>`show jit`.execute(trx)).rows[0]!.jit)));
    expect(seen).toEqual(['off', 'off', 'off', 'off']);
  });

  it('is off for a send on a pool the host manages, whose own sessions keep their setting', async () => {
    const { schema, pool, drop } = await ownSchemaPool('msg_jit', 3);
    cleanups.push(drop);
    const messaging = createMessaging({
      database: { postgres: { pool } },
      users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
      currentUserId: () => null,
    });
    cleanups.push(() => messaging.close());
    await messaging.migrate();

    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], subject: 'Team', body: 'Hi' });
    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'Hello' });
    await messaging.conversations.sendMessage({ senderId: '3', threadId: thread.id, body: 'Hey' });
    // A reply is one call of the reply function (migration 0013), which carries its own settings on any pool.
    const { rows } = await pool.query<{ config: string[] }>(
      "select p.proconfig as config from pg_proc p join pg_namespace n on n.oid = p.pronamespace where p.proname = 'messaging_reply' and n.nspname = $1",
      [schema],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.config).toEqual(expect.arrayContaining(['jit=off', 'enable_sort=off']));
    expect((await messaging.conversations.getThread('1', thread.id)).messages.map((m) => m.body)).toEqual(['Hi', 'Hello', 'Hey']);
    // Transaction-local: the host's sessions on the same pool are as the host set them.
    const client = await pool.connect();
    try {
      expect(((await client.query('show jit')) as { rows: Array<{ jit: string }> }).rows[0]!.jit).toBe('on');
    } finally {
      client.release();
    }
  });
});
