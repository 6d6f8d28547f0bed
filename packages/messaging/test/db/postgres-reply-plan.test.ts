import { type Kysely, Migrator, sql } from 'kysely';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { PARTNER_WITH_LIMIT, replyFunctionSql } from '../../src/db/migrations/0013-postgres-reply-function.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, MIGRATIONS } from '../../src/db/migrations/index.js';
import { ownSchemaPool } from '../helpers/own-schema-pool.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { runMigrator } from '../helpers/run-migrator.js';

/**
 * A direct reply reads the thread's rows by key, never the whole participants table. The plans
 * a connection keeps for the reply function outlive the table's size: a sequential scan chosen
 * while the table was small runs on every reply as it grows (until the next ANALYZE).
 */
const postgresOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A schema and pool of their own, dropped after the test. */
async function ownSchema(max: number) {
  const own = await ownSchemaPool('msg_plan', max);
  cleanups.push(() => own.drop());
  return own;
}

/** An instance on `pool` whose users adapter knows every id, closed after the test. */
function messagingOn(pool: pg.Pool) {
  const messaging = createMessaging({
    database: { postgres: { pool } },
    users: { getUsers: async (ids) => ids.map((id) => ({ id, displayName: `Member ${id}` })) },
    currentUserId: () => null,
  });
  cleanups.push(() => messaging.close());
  return messaging;
}

postgresOnly('the Postgres reply plan', () => {
  it('reads a direct thread’s members through the primary key, also where threads average ten rows', async () => {
    // One connection: the package's statements and the plan logging share its session.
    const { schema, pool, admin } = await ownSchema(1);
    const plans: string[] = [];
    pool.on('connect', (client) => client.on('notice', (notice) => plans.push(notice.message ?? '')));
    const messaging = messagingOn(pool);
    await messaging.migrate();

    // A site of groups and direct threads: about ten rows a thread, which made `limit 1` look
    // cheapest as a scan of the table until a row of the thread turns up.
    const threads: string[] = [];
    for (let i = 0; i < 20; i++) threads.push((await messaging.conversations.startConversation({ senderId: '1', recipientIds: [`m${i}`], body: 'Hi' })).thread.id);
    for (let g = 0; g < 15; g++) {
      const recipientIds = Array.from({ length: 20 }, (_, i) => `g${g}-${i}`);
      await messaging.conversations.startConversation({ senderId: '1', recipientIds, subject: `Group ${g}`, body: 'Hello all' });
    }
    await admin.query(`analyze "${schema}".messaging_participants, "${schema}".messaging_threads`);
    const client = await pool.connect();
    await client.query("load 'auto_explain'");
    await client.query("set auto_explain.log_min_duration = 0; set auto_explain.log_nested_statements = on; set auto_explain.log_level = 'notice'");
    client.release();

    const replies = async () => {
      plans.length = 0;
      for (let i = 0; i < 12; i++) await messaging.conversations.sendMessage({ senderId: `m${i}`, threadId: threads[i]!, body: `Reply ${i}` });
      return plans.filter((plan) => plan.includes('messaging_participants'));
    };
    const seqScan = /Seq Scan on messaging_participants/;
    const now = await replies();
    expect(now.length).toBeGreaterThan(0);
    expect(now.filter((plan) => seqScan.test(plan))).toEqual([]);

    // The function as migration 0013 made it: the same replies scanned the table, so the check above can tell.
    await pool.query(replyFunctionSql(PARTNER_WITH_LIMIT));
    expect((await replies()).some((plan) => seqScan.test(plan))).toBe(true);
  });

  it('upgrades from version 13 and back with every reply kept and replies working at each step', async () => {
    const { schema, pool } = await ownSchema(2);
    const messaging = messagingOn(pool);
    const db = messaging.database.db as Kysely<any>;
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
      migrationTableSchema: schema,
    });
    const definition = async () => (await sql<{ d: string }>`select pg_get_functiondef('messaging_reply'::regproc) as d`.execute(db)).rows[0]!.d;
    const reply = (senderId: string, threadId: string, body: string) => messaging.conversations.sendMessage({ senderId, threadId, body });

    const at13 = await runMigrator(() => migrator.migrateTo('0013_postgres_reply_function'));
    if (at13.error) throw at13.error;
    expect(await definition()).toContain('limit 1');
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'one' });
    await reply('2', thread.id, 'two');

    expect((await messaging.migrate()).applied).toEqual(['0014_reply_partner_by_index']);
    expect(await definition()).toContain('min(p.user_id)');
    expect(await definition()).not.toContain('limit 1)');
    await reply('1', thread.id, 'three');
    // A direct reply still refuses someone outside the pair.
    await expect(reply('3', thread.id, 'intruder')).rejects.toMatchObject({ code: 'not_found' });

    const down = await runMigrator(() => migrator.migrateDown());
    if (down.error) throw down.error;
    expect(await definition()).toContain('limit 1');
    await reply('2', thread.id, 'four');
    expect((await messaging.conversations.getThread('1', thread.id)).messages.map((m) => m.body)).toEqual(['one', 'two', 'three', 'four']);
    expect(await messaging.conversations.getUnread('1')).toMatchObject({ unreadTotal: 1 });
  });
});
