import express from 'express';
import pg from 'pg';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import { channelFor } from '../../src/services/live/postgres-event-bus.js';
import { createTestDatabase, TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';
import { eventually, openEventStream, type SseClient, type SseEvent, startServer } from '../helpers/sse-client.js';

/**
 * Two "app servers" (two messaging instances with their own pools and listeners) on one
 * Postgres schema: live updates must cross from one to the other through LISTEN/NOTIFY, and
 * survive the listening connection being cut.
 */
describe.runIf(TEST_DIALECT === 'postgres')('live updates across two app servers on one Postgres', () => {
  const teardown: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of teardown.reverse()) await step();
    teardown.length = 0;
  });

  async function appServer(option: ReturnType<typeof createTestDatabase>['option']) {
    const messaging: Messaging = createMessaging({
      database: option,
      users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
      currentUserId: (req: any) => req.headers?.['x-test-user'] ?? null,
      rateLimits: false,
      // Long enough that a message sent right after the cut is sent while nobody listens.
      liveUpdates: { reconnectDelayMs: 2000 },
    });
    const app = express();
    app.use('/messages', messaging.router);
    const server = await startServer(app);
    teardown.push(async () => {
      await server.close();
      await messaging.close();
    });
    return { messaging, app, url: `${server.url}/messages` };
  }

  const send = async (app: express.Express, from: string, path: string, body: object) => {
    const res = await request(app).post(`/messages${path}`).set('x-test-user', from).set('Sec-Fetch-Site', 'same-origin').send(body);
    expect([200, 201]).toContain(res.status);
    return res.body;
  };
  const messageIds = (client: SseClient) => client.events.filter((e) => e.event === 'message').map((e) => JSON.parse(e.data).message.id as string);
  const isMessage = (id: string) => (e: SseEvent) => e.event === 'message' && JSON.parse(e.data).message.id === id;

  it('delivers a message sent through one server to an SSE client of the other, also after the listener connection is cut', async () => {
    const database = createTestDatabase('postgres');
    teardown.push(() => database.cleanup());
    const one = await appServer(database.option);
    const two = await appServer(database.option);
    await one.messaging.migrate();
    await one.messaging.toggle.setEnabled(true, null);

    // Bob listens on server two; Alice, the sender, on server one (her own tab hears her message too).
    const bob = await openEventStream(`${two.url}/api/events`, { 'x-test-user': '2' });
    const alice = await openEventStream(`${one.url}/api/events`, { 'x-test-user': '1' });
    teardown.push(
      async () => bob.close(),
      async () => alice.close(),
    );
    expect([bob.status, alice.status]).toEqual([200, 200]);
    await bob.nextMatching((e) => e.event === 'unread');
    await alice.nextMatching((e) => e.event === 'unread');

    // The listener may still be connecting: a message sent now arrives live or by catch-up, once.
    const started = await send(one.app, '1', '/api/threads', { recipientIds: ['2'], body: 'across servers' });
    const threadId = started.thread.id as string;
    const arrived = await bob.nextMatching(isMessage(started.message.id), 10_000);
    expect(JSON.parse(arrived.data)).toMatchObject({ threadId, message: { body: 'across servers', senderId: '1' } });

    // Cut every listening connection of this schema's channel, from the server side.
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    teardown.push(() => admin.end());
    const listening = `LISTEN "${channelFor((database.option as { postgres: { schema: string } }).postgres.schema)}"%`;
    const listeners = async () => (await admin.query('select pid from pg_stat_activity where query like $1', [listening])).rows.length;
    await eventually(async () => (await listeners()) === 2, 10_000, 'both servers listening');
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where query like $1', [listening]);
    await eventually(async () => (await listeners()) === 0, 10_000, 'the listeners gone');

    const whileDown = await send(one.app, '1', `/api/threads/${threadId}/messages`, { body: 'sent while nobody listens' });
    // Proof that it was sent during the cut (else this test would not exercise the catch-up).
    expect(await listeners()).toBe(0);

    const caughtUp = await bob.nextMatching(isMessage(whileDown.message.id), 15_000);
    expect(JSON.parse(caughtUp.data).message.body).toBe('sent while nobody listens');
    await eventually(async () => (await listeners()) === 2, 15_000, 'both servers listening again');

    const afterwards = await send(one.app, '1', `/api/threads/${threadId}/messages`, { body: 'after the reconnect' });
    await bob.nextMatching(isMessage(afterwards.message.id), 10_000);
    await alice.nextMatching(isMessage(afterwards.message.id), 10_000);
    // Nothing missed, nothing twice: on the other server and on the sender's own.
    expect(messageIds(bob)).toEqual([started.message.id, whileDown.message.id, afterwards.message.id]);
    expect(messageIds(alice)).toEqual([started.message.id, whileDown.message.id, afterwards.message.id]);
    const unread = bob.events.filter((e) => e.event === 'unread').map((e) => JSON.parse(e.data).unreadTotal);
    await eventually(() => bob.events.filter((e) => e.event === 'unread').some((e) => JSON.parse(e.data).unreadTotal === 3), 10_000, 'the unread total to reach 3');
    expect(unread.every((n) => n <= 3)).toBe(true);
  });
});
