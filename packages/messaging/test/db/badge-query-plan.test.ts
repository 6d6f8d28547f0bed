import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { badgeQuery, getUnread } from '../../src/services/unread/unread-notify.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging, type TestMessaging } from '../helpers/test-messaging.js';

let t: TestMessaging | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

/**
 * The nav badge runs on every page a host renders, so its query must be answered from the
 * partial index alone: one index range over the member's unread threads, no table rows, no
 * count over messages. A change to the query or the index that loses this shows here.
 */
describe(`the badge query on ${TEST_DIALECT}`, () => {
  it('counts right and reads only the partial unread index', async () => {
    t = await createTestMessaging();
    const { messaging } = t;
    const db = messaging.database.db;
    await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hello' });
    await messaging.conversations.startConversation({ senderId: '3', recipientIds: ['2'], body: 'hi' });
    expect(await getUnread(db, '2')).toEqual({ unreadTotal: 2, unreadThreads: 2 });

    const compiled = badgeQuery(db, '2').compile();
    expect(compiled.parameters).toEqual(['2']);
    const inlined = compiled.sql.replace(/\?|\$1/, "'2'");
    const plan = await sql.raw(`${TEST_DIALECT === 'sqlite' ? 'explain query plan' : 'explain'} ${inlined}`).execute(db);
    const text = JSON.stringify(plan.rows);
    if (TEST_DIALECT === 'sqlite') expect(text).toContain('USING COVERING INDEX messaging_participants_unread');
    else expect(text).toMatch(/Index Only Scan using messaging_participants_unread/);
  });
});
