import express from 'express';
import pg from 'pg';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import { channelFor } from '../../src/services/live/postgres-event-bus.js';
import { createTestDatabase, TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { eventually, openEventStream, type SseClient, type SseEvent, startServer } from '../helpers/sse-client.js';

/**
 * A send into a 21-member group reaches every member's stream once, with each member's new
 * unread total, and nobody else's. On Postgres the streams sit on a second app server, so the
 * message and the twenty unread changes cross over the coalesced NOTIFY payloads.
 */
describe('live updates of a 21-member group', () => {
  const teardown: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of teardown.reverse()) await step();
    teardown.length = 0;
  });

  async function appServer(option: ReturnType<typeof createTestDatabase>['option']) {
    const messaging: Messaging = createMessaging({
      database: option,
      users: { getUsers: async (ids) => ids.map((id) => ({ id, displayName: `Member ${id}`, profileUrl: `/users/${id}` })) },
      currentUserId: (req: any) => req.headers?.['x-test-user'] ?? null,
      rateLimits: false,
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

  const data = (e: SseEvent) => JSON.parse(e.data);
  const messageIds = (client: SseClient) => client.events.filter((e) => e.event === 'message').map((e) => data(e).message.id as string);

  it("reaches each member's streams once with their unread total, and no other member's", async () => {
    const database = createTestDatabase();
    teardown.push(() => database.cleanup());
    const sender = await appServer(database.option);
    await sender.messaging.migrate();
    await sender.messaging.toggle.setEnabled(true, null);
    // On Postgres the streams listen on another server; SQLite has one process.
    const listening = TEST_DIALECT === 'postgres' ? await appServer(database.option) : sender;

    const members = Array.from({ length: 21 }, (_, i) => String(i + 1));
    const streams = new Map<string, SseClient>();
    for (const m of members) streams.set(m, await openEventStream(`${listening.url}/api/events`, { 'x-test-user': m }));
    const secondTab = await openEventStream(`${listening.url}/api/events`, { 'x-test-user': '7' });
    const stranger = await openEventStream(`${listening.url}/api/events`, { 'x-test-user': '99' });
    const all = [...streams.values(), secondTab, stranger];
    teardown.push(async () => {
      for (const c of all) c.close();
    });
    for (const c of all) await c.nextMatching((e) => e.event === 'unread');
    if (TEST_DIALECT === 'postgres') {
      // Sent once the streams' server listens, so the events cross as NOTIFY payloads rather than by catch-up.
      const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await admin.connect();
      teardown.push(() => admin.end());
      const listen = `LISTEN "${channelFor((database.option as { postgres: { schema: string } }).postgres.schema)}"`;
      await eventually(async () => (await admin.query("select 1 from pg_stat_activity where query = $1 and state = 'idle'", [listen])).rows.length === 1, 10_000, 'the listener');
    }

    const post = (path: string, body: object) => request(sender.app).post(`/messages${path}`).set('x-test-user', '1').set('Sec-Fetch-Site', 'same-origin').send(body);
    const started = await post('/api/threads', { recipientIds: members.slice(1), subject: 'All hands', body: 'first' });
    expect(started.status).toBe(201);
    const threadId = started.body.thread.id as string;
    const second = await post(`/api/threads/${threadId}/messages`, { body: 'second' });
    expect(second.status).toBe(201);
    const ids = [started.body.message.id as string, second.body.message.id as string];

    const receivers = [...streams.values(), secondTab];
    await eventually(() => receivers.every((c) => messageIds(c).length >= 2), 10_000, 'both messages on every member stream');
    for (const [member, client] of [...streams, ['7', secondTab] as const]) {
      expect(messageIds(client)).toEqual(ids);
      const got = client.events.filter((e) => e.event === 'message').map(data);
      expect(got.map((g) => g.message.body)).toEqual(['first', 'second']);
      expect(got.every((g) => g.threadId === threadId && g.mine === (member === '1'))).toBe(true);
    }
    // Every member but the sender hears their unread total reach 2.
    await eventually(
      () => receivers.filter((c) => c !== streams.get('1')).every((c) => c.events.some((e) => e.event === 'unread' && data(e).unreadTotal === 2)),
      10_000,
      'the unread totals',
    );
    expect(
      streams
        .get('1')!
        .events.filter((e) => e.event === 'unread')
        .map((e) => data(e).unreadTotal),
    ).not.toContain(2);
    expect(stranger.events.filter((e) => e.event !== 'unread')).toEqual([]);
    expect(stranger.events.map((e) => data(e).unreadTotal)).toEqual([0]);
  });
});
