import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { openEventStream, type SseClient, startServer } from '../helpers/sse-client.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/** A muted thread raises no `unread` alert on the live stream; its messages still reach an open thread page. */
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const data = (e: { data: string }) => JSON.parse(e.data);

describe(`live alerts of a muted thread on ${TEST_DIALECT}`, () => {
  it('sends the message events but no unread change for a muted thread, and does for the others', async () => {
    const t: HttpTestApp = await createHttpTestApp();
    const server = await startServer(t.app);
    let bob: SseClient | undefined;
    cleanup = async () => {
      bob?.close();
      await server.close();
      await t.cleanup();
    };
    const muted = await startThread(t, '1', ['2'], 'first');
    await t.as('2').post(`/api/threads/${muted.threadId}/read`).send({});
    await t.as('2').post(`/api/threads/${muted.threadId}/mute`).send({});
    bob = await openEventStream(`${server.url}${t.mount}/api/events`, { 'x-test-user': '2' });
    expect(data(await bob.nextMatching((e) => e.event === 'unread'))).toEqual({ unreadTotal: 0 });

    const quiet = await t.as('1').post(`/api/threads/${muted.threadId}/messages`).send({ body: 'in the muted thread' });
    expect(data(await bob.nextMatching((e) => e.event === 'message')).message.id).toBe(quiet.body.message.id);
    const other = await startThread(t, '3', ['2'], 'from Carol');
    expect(data(await bob.nextMatching((e) => e.event === 'message')).message.id).toBe(other.messageId);
    // The first unread change after the muted message is Carol's, and counts only hers.
    expect(data(await bob.nextMatching((e) => e.event === 'unread'))).toEqual({ unreadTotal: 1 });
    // Never a total that counted the muted message (a repeated 0, e.g. after the Postgres bus connects, is no alert).
    expect(
      bob.events
        .filter((e) => e.event === 'unread')
        .map((e) => data(e).unreadTotal)
        .filter((n) => n !== 0),
    ).toEqual([1]);
  });
});
