import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessagingEventName } from '../../src/events.js';
import { createMessaging } from '../../src/create-messaging.js';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { createRecordingLogger } from '../helpers/shared-database.js';
import { eventually, openEventStream, type SseClient, startServer } from '../helpers/sse-client.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

const EVENT_NAMES: MessagingEventName[] = [
  'toggle.changed',
  'schema.migrated',
  'thread.created',
  'message.sent',
  'message.read',
  'unread.changed',
  'request.refused',
  'report.created',
];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function observedApp() {
  const logger = createRecordingLogger();
  const registry = new Registry();
  const t = await createHttpTestApp({ overrides: { logger, metrics: { registry } } });
  const events: Array<{ name: string; payload: unknown }> = [];
  for (const name of EVENT_NAMES) t.messaging.on(name, (payload) => events.push({ name, payload }));
  const server = await startServer(t.app);
  const streams: SseClient[] = [];
  cleanups.push(async () => {
    for (const s of streams) s.close();
    await server.close();
    await t.cleanup();
  });
  const openStream = async (userId: string) => {
    const stream = await openEventStream(`${server.url}${t.mount}/api/events`, { 'x-test-user': userId });
    streams.push(stream);
    return stream;
  };
  return { t, logger, registry, events, openStream };
}

async function reply(t: HttpTestApp, from: string, threadId: string, body: string) {
  return t.as(from).post(`/api/threads/${threadId}/messages`).send({ body });
}

describe(`metrics and logs on ${TEST_DIALECT}`, () => {
  it('counts messages, threads, switch changes, refused requests by code and open streams, as a snapshot and in Prometheus format', async () => {
    const { t, registry, openStream } = await observedApp();
    const before = t.messaging.metrics();
    expect(before).toMatchObject({ messagesSent: 0, threadsCreated: 0, requestsRefused: {}, openStreams: 0 });

    const { threadId } = await startThread(t, '1', ['2']);
    await startThread(t, '1', ['2']); // the same direct thread: a message, not a new thread
    expect((await reply(t, '2', threadId, 'hi')).status).toBe(201);
    expect((await t.as(null).get('/api/unread')).status).toBe(401);
    expect((await t.as(null).get('/api/unread')).status).toBe(401);
    expect((await t.as('3').get(`/api/threads/${threadId}`)).status).toBe(404);
    await t.messaging.toggle.setEnabled(false, '5');
    expect((await t.as('1').get('/api/unread')).status).toBe(404);
    await t.messaging.toggle.setEnabled(true, '5');
    const stream = await openStream('2');
    expect(stream.status).toBe(200);
    await eventually(() => t.messaging.openStreams() === 1);

    expect(t.messaging.metrics()).toEqual({
      messagesSent: 3,
      threadsCreated: 1,
      toggleChanges: 2 + before.toggleChanges,
      requestsRefused: { unauthenticated: 2, not_found: 1, messaging_disabled: 1 },
      openStreams: 1,
      slowStreamsClosed: 0,
      streamBufferPeakBytes: expect.any(Number),
      liveSubscriptions: 1,
      notificationsScheduled: 0,
      notificationsSent: 0,
      notificationsFailed: 0,
      notificationsSkippedRead: 0,
    });
    const text = await registry.metrics();
    expect(text).toMatch(/^messaging_messages_sent_total 3$/m);
    expect(text).toMatch(/^messaging_threads_created_total 1$/m);
    expect(text).toMatch(/^messaging_toggle_changes_total \d+$/m);
    expect(text).toMatch(/^messaging_requests_refused_total\{code="unauthenticated"\} 2$/m);
    expect(text).toMatch(/^messaging_requests_refused_total\{code="messaging_disabled"\} 1$/m);
    expect(text).toMatch(/^messaging_open_event_streams 1$/m);
    expect(text).toMatch(/^messaging_slow_event_streams_closed 0$/m);
  });

  it('writes no message text in any log line, metric or event payload', async () => {
    const { t, logger, registry, events, openStream } = await observedApp();
    const marker = `MARKER-${randomBytes(6).toString('hex')}`;
    await openStream('2');
    const started = await t
      .as('1')
      .post('/api/threads')
      .set('Idempotency-Key', `k-${marker}`)
      .send({ recipientIds: ['2', '3'], subject: `subject ${marker}`, body: `first ${marker}` });
    expect(started.status).toBe(201);
    const threadId = started.body.thread.id as string;
    expect((await reply(t, '2', threadId, `reply ${marker}`)).status).toBe(201);
    expect((await t.as('3').post(`/api/threads/${threadId}/read`).send({})).status).toBe(200);
    // Refused ones carry the text too: too long, and from someone outside the thread.
    expect((await reply(t, '1', threadId, `${marker} ${'x'.repeat(20_000)}`)).status).toBeGreaterThanOrEqual(400);
    expect((await reply(t, '4', threadId, `intruder ${marker}`)).status).toBe(404);
    expect((await t.as('1').post('/api/threads').set('Content-Type', 'application/json').send(`{"body":"${marker}`)).status).toBe(400);
    await t.messaging.forgetUser('3');
    await t.messaging.toggle.setEnabled(false, '5');

    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['thread.created', 'message.sent', 'message.read', 'unread.changed', 'request.refused', 'toggle.changed']));
    expect(logger.lines.length).toBeGreaterThan(0);
    const everything = [JSON.stringify(logger.lines), JSON.stringify(events), await registry.metrics(), JSON.stringify(t.messaging.metrics())].join('\n');
    expect(everything).not.toContain(marker);
    // The refused requests were seen (so the check above looked at real lines).
    expect(JSON.stringify(logger.lines)).toContain('member forgotten');
  });

  it('refuses a metrics option that is not a registry, naming the option', () => {
    expect(() => createMessaging({ users: { getUsers: () => [] }, currentUserId: () => null, database: { sqlite: ':memory:' }, metrics: { registry: {} as never } })).toThrow(
      /option "metrics.registry" must be a prom-client Registry/,
    );
  });
});
