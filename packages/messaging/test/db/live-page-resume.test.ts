import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { liveAppServer } from '../helpers/live-app-server.js';
import { createSharedDatabase } from '../helpers/shared-database.js';
import type { SseEvent } from '../helpers/sse-client.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import type { MessagingOptions } from '../../src/options.js';

/**
 * A thread page is rendered, then its script opens the live stream, a moment later (longer on
 * a phone). A message that arrives in between used to reach neither the page nor the stream,
 * which starts from its own opening: the member saw a hole in the conversation until a reload.
 * The page now names where its stream resumes, a mark read before its messages.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const isMessage = (e: SseEvent) => e.event === 'message';
const isUnread = (e: SseEvent) => e.event === 'unread';
const data = (e: SseEvent) => JSON.parse(e.data);
const resumeOf = (page: string) => /data-messaging-resume="([^"]*)"/.exec(page)?.[1];

async function appServer(options: Partial<MessagingOptions> = {}) {
  const database = createSharedDatabase();
  cleanups.push(() => database.cleanup());
  const server = await liveAppServer(database.option, cleanups, options);
  await server.messaging.migrate();
  await server.messaging.toggle.setEnabled(true, null);
  const open = (userId: string, lastEventId?: string) => server.open(userId, {}, lastEventId === undefined ? '' : `?lastEventId=${encodeURIComponent(lastEventId)}`);
  const page = async (userId: string, path: string) => {
    const res = await request(server.app).get(`/messages${path}`).set('x-test-user', userId);
    expect(res.status).toBe(200);
    return res.text;
  };
  return { open, post: server.post, page, messaging: server.messaging };
}

describe(`a thread page's live stream on ${TEST_DIALECT}`, () => {
  it('also sends what arrived while the page loaded, and nothing the page showed', async () => {
    const { open, post, page } = await appServer();
    const started = await post('1', '/api/threads', { recipientIds: ['2'], body: 'shown on the page' });
    const threadId = started.thread.id;
    const other = await post('3', '/api/threads', { recipientIds: ['2'], body: 'another thread, before the page' });

    const html = await page('2', `/threads/${encodeURIComponent(threadId)}`);
    expect(html).toContain('shown on the page');
    const resume = resumeOf(html);
    expect(resume).toMatch(/^[A-Za-z0-9_-]{48}$/);

    // Between the page and its script: a reply here and a message in another of the member's threads.
    const during = await post('1', `/api/threads/${threadId}/messages`, { body: 'while the page loaded' });
    const elsewhere = await post('3', `/api/threads/${other.thread.id}/messages`, { body: 'elsewhere, meanwhile' });

    const stream = await open('2', resume);
    expect(stream.status).toBe(200);
    await stream.nextMatching(isUnread, 5000);
    const replayed = stream.events.filter(isMessage).map((e) => [data(e).threadId, data(e).message.body]);
    expect(replayed).toEqual([
      [threadId, 'while the page loaded'],
      [other.thread.id, 'elsewhere, meanwhile'],
    ]);
    expect(stream.events.filter(isMessage).map((e) => data(e).message.id)).toEqual([during.message.id, elsewhere.message.id]);

    // Live from there on, nothing twice.
    const after = await post('1', `/api/threads/${threadId}/messages`, { body: 'after the stream opened' });
    const live = await stream.nextMatching(isMessage, 5000);
    expect(data(live).message.id).toBe(after.message.id);

    // A stream without the page's mark (a host's own thread template) starts at its opening, as before.
    const plain = await open('2');
    await plain.nextMatching(isUnread, 5000);
    const next = await post('1', `/api/threads/${threadId}/messages`, { body: 'the plain stream hears this' });
    expect(data(await plain.nextMatching(isMessage, 5000)).message.id).toBe(next.message.id);
    expect(plain.events.filter(isMessage)).toHaveLength(1);
  });

  it('only the newest page carries a mark, and a mark is good for its own member only', async () => {
    const { open, post, page } = await appServer();
    const started = await post('1', '/api/threads', { recipientIds: ['2'], body: 'one' });
    const threadId = started.thread.id;
    const second = await post('1', `/api/threads/${threadId}/messages`, { body: 'two' });

    // An older page shows no new messages: no mark.
    expect(resumeOf(await page('2', `/threads/${encodeURIComponent(threadId)}?before=${second.message.id}`))).toBeUndefined();
    const mine = resumeOf(await page('2', `/threads/${encodeURIComponent(threadId)}`));
    expect(mine).toBeDefined();
    expect(resumeOf(await page('1', `/threads/${encodeURIComponent(threadId)}`))).not.toBe(mine);

    // Carried to another member's stream, it is refused like any id the server did not give them.
    const stolen = await open('1', mine);
    const first = await stolen.next(5000);
    expect([first.event, data(first)]).toEqual(['resync', { reason: 'unknown_last_event_id' }]);
  });

  it('a page whose mark cannot be sealed still renders, without one (its stream starts when it opens)', async () => {
    const warnings: string[] = [];
    const logger = { info() {}, warn: (_: unknown, message: string) => void warnings.push(message), error() {} };
    const { post, page, messaging } = await appServer({ logger });
    // A deployment key that cannot seal anything (a damaged settings row), before anything read it.
    await messaging.database.db
      .insertInto('messaging_settings')
      .values({ key: 'live_event_id_key', value: 'short', updated_at: new Date().toISOString(), updated_by: null })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: 'short' }))
      .execute();
    const started = await post('1', '/api/threads', { recipientIds: ['2'], body: 'still shown' });
    const html = await page('2', `/threads/${encodeURIComponent(started.thread.id)}`);
    expect(html).toContain('still shown');
    expect(resumeOf(html)).toBeUndefined();
    expect(warnings).toContain("messaging: could not seal the thread page's live-update mark; its stream starts when it opens");
  });
});
