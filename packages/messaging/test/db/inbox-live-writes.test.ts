import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestMessaging, type TestMessaging } from '../helpers/test-messaging.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/**
 * Postgres under live writes: every reply moves each member's inbox entry to the end of their
 * index range and leaves the old one dead. The first inbox page must stay a short read with no
 * VACUUM in between (the test server runs without autovacuum, as a big table under default
 * autovacuum would go a long time without one). Counted in buffers, never in time.
 */
const postgresOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;

let open: TestMessaging | undefined;
afterEach(async () => {
  await open?.cleanup();
  open = undefined;
});

postgresOnly('the inbox under live writes on Postgres', () => {
  it('reads a few pages for the first inbox page after 1,500 replies in ten hot threads, without VACUUM', async () => {
    open = await createTestMessaging({ users: { getUsers: async (ids) => ids.map((id) => ({ id, displayName: `Member ${id}` })) } });
    const { messaging } = open;
    const threads: string[] = [];
    for (let i = 0; i < 40; i++) threads.push((await messaging.conversations.startConversation({ senderId: 'alice', recipientIds: [`m${i}`], body: 'Hello' })).thread.id);
    // Other members' rows around alice's, and statistics, as a real table has: the planner then
    // reads a member's newest rows from the inbox index (a table of 80 rows is scanned whole).
    const T0 = '2025-01-01T00:00:00.000Z';
    await sql`insert into messaging_threads (id, kind, created_by, created_at, last_message_at) select 'f' || i, 'group', 'x', ${T0}, ${T0} from generate_series(1, 5000) as i`.execute(
      messaging.database.db,
    );
    await sql`insert into messaging_participants (thread_id, user_id, joined_at, last_activity_at) select 'f' || i, 'x' || (i % 300), ${T0}, ${T0} from generate_series(1, 5000) as i`.execute(
      messaging.database.db,
    );
    await sql`analyze messaging_participants`.execute(messaging.database.db);
    const hot = threads.slice(0, 10);
    let sent = 0;
    await Promise.all(
      hot.map(async (threadId) => {
        while (sent < 1_500) {
          sent++;
          await messaging.conversations.sendMessage({ senderId: 'alice', threadId, body: 'Busy' });
        }
      }),
    );

    const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }> }>`
      explain (analyze, buffers, format json)
      select thread_id from messaging_participants where user_id = 'alice' and left_at is null and archived_at is null
      order by last_activity_at desc, thread_id desc limit 21`.execute(messaging.database.db);
    const top = plan.rows[0]!['QUERY PLAN'][0]!.Plan;
    // With the dead entries marked as the sends go, about 30 blocks; 1,500 dead entries left in place cost about 1,300.
    expect(top['Shared Hit Blocks'] + top['Shared Read Blocks']).toBeLessThan(60);
    expect(
      (await messaging.conversations.listThreads('alice')).items
        .slice(0, 10)
        .map((t) => t.id)
        .sort(),
    ).toEqual([...hot].sort());
  }, 120_000);
});
