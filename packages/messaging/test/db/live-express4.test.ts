import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { openEventStream, type SseClient, startServer } from '../helpers/sse-client.js';

// The whole package sees Express 4 here, as in a host that still runs it (peer ^4.21.2).
vi.mock('express', async () => {
  const { createRequire: requireFrom } = await import('node:module');
  const express4 = requireFrom(import.meta.url)('express4');
  return { default: express4, ...express4 };
});

let t: HttpTestApp | undefined;
let stop: (() => Promise<void>) | undefined;
const clients: SseClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await stop?.();
  await t?.cleanup();
});

describe('live updates on Express 4', () => {
  it('streams, and resumes from ?lastEventId', async () => {
    expect((await import('express')).default).toBe(createRequire(import.meta.url)('express4'));
    t = await createHttpTestApp();
    const server = await startServer(t.app);
    stop = server.close;
    const open = async (query = '') => {
      const client = await openEventStream(`${server.url}/messages/api/events${query}`, { 'x-test-user': '2' });
      clients.push(client);
      return client;
    };
    const bob = await open();
    expect(bob.status).toBe(200);
    const first = await bob.nextMatching((e) => e.event === 'unread');
    bob.close();
    const { messageId } = await startThread(t, '1', ['2'], 'while away');
    const again = await open(`?lastEventId=${first.id}`);
    const replayed = await again.next();
    expect(replayed.event).toBe('message');
    expect(JSON.parse(replayed.data).message).toMatchObject({ id: messageId, body: 'while away' });
  });
});
