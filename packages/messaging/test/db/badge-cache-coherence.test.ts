import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import { pruneMessages } from '../../src/services/operations/retention.js';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { eventually } from '../helpers/sse-client.js';

/**
 * locals() remembers each member's badge and blocks per process. These are the changes it must
 * hear of: writes by this instance, bulk jobs on its handle, and writes by another process or
 * app server on the same database (SQLite: its data_version; Postgres: the live bus).
 */
describe(`the nav badge and Message button stay right with a second writer (${TEST_DIALECT})`, () => {
  const teardown: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (teardown.length) await teardown.pop()!();
  });

  function instance(
    option: ReturnType<typeof createSharedDatabase>['option'],
    clock?: () => Date,
  ): { messaging: Messaging; page: (userId: string) => Promise<{ unreadTotal: number; buttonTo3: string }> } {
    const messaging = createMessaging({
      database: option,
      users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
      currentUserId: (req: any) => req.headers?.['x-test-user'] ?? null,
      rateLimits: false,
      liveUpdates: { reconnectDelayMs: 50 },
      ...(clock ? { clock } : {}),
    });
    teardown.push(() => messaging.close());
    const app = express();
    app.use(messaging.locals());
    app.get('/page', (_req, res) => res.json({ unreadTotal: res.locals.messaging.unreadTotal, buttonTo3: res.locals.messaging.messageButton('3') }));
    const page = async (userId: string) => (await request(app).get('/page').set('x-test-user', userId).expect(200)).body;
    return { messaging, page };
  }

  it('shows what the other writer did, and what this instance and its bulk jobs did', async () => {
    const database = createSharedDatabase();
    teardown.push(() => database.cleanup());
    const here = instance(database.option);
    const there = instance(database.option);
    await here.messaging.migrate();
    await here.messaging.toggle.setEnabled(true, null);

    // Bob's page, twice: the second answer comes from memory.
    expect(await here.page('2')).toMatchObject({ unreadTotal: 0 });
    expect((await here.page('2')).buttonTo3).toContain('Message');

    // Alice writes to Bob through the other process / app server.
    const started = await there.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hello from the other server' });
    await eventually(async () => (await here.page('2')).unreadTotal === 1, 5000, "bob's badge showing the other server's message");

    // Bob reads it here: his next page shows 0 at once.
    await here.messaging.conversations.markRead('2', started.thread.id);
    expect(await here.page('2')).toMatchObject({ unreadTotal: 0 });

    // Carol blocks Bob on the other server: her Message button goes from Bob's view of her profile.
    await there.messaging.blocks.block('3', '2');
    await eventually(async () => (await here.page('2')).buttonTo3 === '', 5000, "carol's Message button hidden from bob");

    // Another message through this instance, remembered, then a retention job removes it.
    await here.messaging.conversations.sendMessage({ senderId: '1', threadId: started.thread.id, body: 'second' });
    expect(await here.page('2')).toMatchObject({ unreadTotal: 1 });
    expect(await here.page('2')).toMatchObject({ unreadTotal: 1 });
    await pruneMessages(here.messaging.database.db, { before: new Date(Date.now() + 60_000), pauseMs: 0 });
    expect(await here.page('2')).toMatchObject({ unreadTotal: 0 });
  });

  it('hears of a prune run by the messaging CLI in another process, long before any time limit', async () => {
    const database = createSharedDatabase();
    teardown.push(() => database.cleanup());
    const twoYearsAgo = () => new Date(Date.now() - 2 * 365 * 86_400_000);
    const past = instance(database.option, twoYearsAgo);
    await past.messaging.migrate();
    await past.messaging.toggle.setEnabled(true, null);
    await past.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'an old message' });
    const here = instance(database.option);
    expect(await here.page('2')).toMatchObject({ unreadTotal: 1 });
    expect(await here.page('2')).toMatchObject({ unreadTotal: 1 });

    const option = database.option as { sqlite?: string; postgres?: { connectionString: string; schema: string } };
    const target = option.sqlite ? ['--db', option.sqlite] : ['--postgres', option.postgres!.connectionString, '--schema', option.postgres!.schema];
    const pruned = await runCliCaptured(['prune', '--older-than', '1y', ...target]);
    expect(pruned.code).toBe(0);
    // SQLite: the file's data_version; Postgres: the CLI's notice on the bus (the cache's own limit is 30 s).
    await eventually(async () => (await here.page('2')).unreadTotal === 0, 5000, "bob's badge after the CLI's prune");
  });
});
