import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { eventually, openEventStream, type SseClient, startServer } from '../helpers/sse-client.js';
import type { MessagingOptions } from '../../src/options.js';

/** A host app with the router, served over real HTTP so that streams stay open. */
async function liveApp(overrides: Partial<MessagingOptions> = {}) {
  const t = await createHttpTestApp({ overrides });
  const server = await startServer(t.app);
  const clients: SseClient[] = [];
  const open = async (userId: string | null, headers: Record<string, string> = {}, query = '') => {
    const client = await openEventStream(`${server.url}${t.mount}/api/events${query}`, userId === null ? headers : { 'x-test-user': userId, ...headers });
    clients.push(client);
    return client;
  };
  const cleanup = async () => {
    for (const c of clients) c.close();
    await server.close();
    await t.cleanup();
  };
  return { t, open, cleanup };
}

const send = async (t: HttpTestApp, from: string, threadId: string, body: string): Promise<string> => {
  const res = await t.as(from).post(`/api/threads/${threadId}/messages`).send({ body });
  expect(res.status).toBe(201);
  return res.body.message.id as string;
};

const data = (e: { data: string }) => JSON.parse(e.data);
const isMessage = (e: { event: string }) => e.event === 'message';
const isUnread = (e: { event: string }) => e.event === 'unread';

let current: Awaited<ReturnType<typeof liveApp>> | undefined;
afterEach(async () => {
  await current?.cleanup();
  current = undefined;
});

describe('GET /api/events', () => {
  it('streams with the right headers, a retry hint and the current unread total first', async () => {
    current = await liveApp();
    const bob = await current.open('2');
    expect(bob.status).toBe(200);
    expect(bob.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(bob.headers.get('cache-control')).toBe('no-store');
    expect(bob.headers.get('x-accel-buffering')).toBe('no');
    const first = await bob.next();
    expect(first.event).toBe('unread');
    expect(data(first)).toEqual({ unreadTotal: 0 });
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{48}$/); // opaque: see live-event-ids.test.ts
    expect(bob.retry).toBeGreaterThan(0);
  });

  it('refuses a visitor with 401', async () => {
    current = await liveApp();
    const visitor = await current.open(null);
    expect(visitor.status).toBe(401);
    expect(visitor.errorBody).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('sends a message only to the participants of its thread, with the whole message', async () => {
    current = await liveApp();
    const { t } = current;
    const [alice, bob, carol] = [await current.open('1'), await current.open('2'), await current.open('3')];
    for (const c of [alice, bob, carol]) await c.nextMatching(isUnread);

    const { threadId, messageId } = await startThread(t, '1', ['2'], 'For Bob only');
    const toBob = await bob.nextMatching(isMessage);
    expect(data(toBob)).toMatchObject({ threadId, message: { id: messageId, threadId, senderId: '1', body: 'For Bob only' }, mine: false });
    const toAlice = await alice.nextMatching(isMessage);
    expect(data(toAlice)).toMatchObject({ threadId, mine: true });

    // Carol's first message event is the one of her own thread, sent afterwards: she never heard of Bob's.
    const { threadId: carolThread } = await startThread(t, '4', ['3'], 'For Carol');
    const toCarol = await carol.nextMatching(isMessage);
    expect(data(toCarol)).toMatchObject({ threadId: carolThread, message: { body: 'For Carol' } });
    expect(carol.events.filter(isMessage)).toHaveLength(1);
  });

  it('sends unread totals as they change, also after a read', async () => {
    current = await liveApp();
    const { t } = current;
    const bob = await current.open('2');
    expect(data(await bob.nextMatching(isUnread))).toEqual({ unreadTotal: 0 });
    const { threadId, messageId } = await startThread(t, '1', ['2']);
    await bob.nextMatching(isMessage);
    expect(data(await bob.nextMatching((e) => isUnread(e) && data(e).unreadTotal === 1))).toEqual({ unreadTotal: 1 });
    const read = await t.as('2').post(`/api/threads/${threadId}/read`).send({ lastReadMessageId: messageId });
    expect(read.status).toBe(200);
    expect(data(await bob.nextMatching((e) => isUnread(e) && data(e).unreadTotal === 0))).toEqual({ unreadTotal: 0 });
  });

  it('replays exactly the missed messages once each after a reconnect with Last-Event-ID', async () => {
    current = await liveApp();
    const { t } = current;
    const { threadId } = await startThread(t, '1', ['2'], 'before');
    const bob = await current.open('2');
    const seen = await bob.nextMatching(isUnread);
    bob.close();

    const missed = [await send(t, '1', threadId, 'one'), await send(t, '1', threadId, 'two')];
    await startThread(t, '3', ['4'], 'not for Bob');
    missed.push(await send(t, '1', threadId, 'three'));

    const again = await current.open('2', { 'last-event-id': seen.id! });
    const replayed = [await again.next(), await again.next(), await again.next()];
    expect(replayed.map((e) => e.event)).toEqual(['message', 'message', 'message']);
    expect(replayed.map((e) => data(e).message.id)).toEqual(missed);
    expect(replayed.map((e) => data(e).message.body)).toEqual(['one', 'two', 'three']);
    const total = await again.next();
    expect(total.event).toBe('unread');
    expect(data(total)).toEqual({ unreadTotal: 4 });
    again.close();

    // Resuming from the last id received replays nothing twice; the polyfill query works too.
    const third = await current.open('2', {}, `?lastEventId=${total.id}`);
    expect((await third.next()).event).toBe('unread');
    const late = await send(t, '1', threadId, 'four');
    expect(data(await third.nextMatching(isMessage)).message.id).toBe(late);
    expect(third.events.filter(isMessage)).toHaveLength(1);
  });

  it('asks the client to resync when more was missed than the replay limit', async () => {
    current = await liveApp({ liveUpdates: { replayLimit: 2 } });
    const { t } = current;
    const { threadId } = await startThread(t, '1', ['2']);
    const bob = await current.open('2');
    const seen = await bob.nextMatching(isUnread);
    bob.close();
    for (const body of ['a', 'b', 'c']) await send(t, '1', threadId, body);
    const again = await current.open('2', { 'last-event-id': seen.id! });
    expect((await again.next()).event).toBe('resync');
    expect(data(await again.next())).toEqual({ unreadTotal: 4 });
    expect(again.events.filter(isMessage)).toHaveLength(0);
  });

  it('leaves no listener behind once the clients disconnect', async () => {
    current = await liveApp();
    const { t } = current;
    const clients = [await current.open('1'), await current.open('2'), await current.open('2')];
    for (const c of clients) await c.nextMatching(isUnread);
    expect(t.messaging.openStreams()).toBe(3);
    expect(t.messaging.metrics().liveSubscriptions).toBe(3);
    for (const c of clients) c.close();
    await eventually(() => t.messaging.metrics().liveSubscriptions === 0, 5000, 'zero bus listeners');
    expect(t.messaging.openStreams()).toBe(0);
  });

  it('limits the open streams per member and refuses one more with 429', async () => {
    current = await liveApp({ liveUpdates: { maxStreamsPerUser: 2 } });
    const [one, two] = [await current.open('2'), await current.open('2')];
    await one.nextMatching(isUnread);
    await two.nextMatching(isUnread);
    const third = await current.open('2');
    expect(third.status).toBe(429);
    expect(third.errorBody).toMatchObject({ error: { code: 'rate_limited' } });
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    const otherMember = await current.open('3');
    expect(otherMember.status).toBe(200);
    one.close();
    await eventually(() => current!.t.messaging.openStreams() === 2, 5000, 'the closed stream to be gone');
    expect((await current.open('2')).status).toBe(200);
  });

  it('ends the streams when messaging is switched off, and refuses new ones', async () => {
    current = await liveApp();
    const { t } = current;
    const bob = await current.open('2');
    await bob.nextMatching(isUnread);
    await t.messaging.toggle.setEnabled(false, '5');
    await bob.ended;
    await eventually(() => t.messaging.openStreams() === 0, 5000, 'no open streams');
    const refused = await current.open('2');
    expect(refused.status).toBe(404);
    expect(refused.errorBody).toMatchObject({ error: { code: 'messaging_disabled' } });
  });

  it('ends the open streams at messaging.close()', async () => {
    current = await liveApp();
    const bob = await current.open('2');
    await bob.nextMatching(isUnread);
    await current.t.messaging.close();
    await bob.ended;
    expect(current.t.messaging.openStreams()).toBe(0);
    expect(current.t.messaging.metrics().liveSubscriptions).toBe(0);
  });

  it('ends a stream at the next heartbeat once its member has signed out', async () => {
    const sessions = new Map([['s-bob', '2']]);
    current = await liveApp({
      currentUserId: (req: any) => sessions.get(req.headers['x-session']) ?? null,
      liveUpdates: { heartbeatMs: 50 },
    });
    const bob = await current.open(null, { 'x-session': 's-bob' });
    await bob.nextMatching(isUnread);
    sessions.delete('s-bob');
    await bob.ended;
    await eventually(() => current!.t.messaging.openStreams() === 0, 5000, 'no open streams');
  });
});
