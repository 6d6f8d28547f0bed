import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

/**
 * The inbox reads a page in one statement with each thread's members and last message; the
 * thread route reads one thread another way. Every summary must come out the same both ways,
 * whatever the thread holds.
 */
describe('inbox summaries are the threads as their own pages show them', () => {
  it('agrees with each thread, value for value, across kinds, subjects, contexts, mutes, late joiners and big ids', async () => {
    t = await createHttpTestApp({ overrides: { contexts: { resolve: async (refs) => refs.map((r) => ({ title: `Listing "${r.id}" <b>`, url: `/listings/${r.id}` })) } } });
    const database = t.messaging.database;
    // Message ids past 2^53: a JSON number would lose their last digits.
    if (database.capabilities.name === 'postgres') {
      await sql`select setval(pg_get_serial_sequence('messaging_messages', 'id'), 9007199254740993)`.execute(database.db);
    }
    const direct = await startThread(t, '2', ['1'], '  Hello\n\nthere   \t Alice  ');
    const group = await t
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2', '3'], subject: 'Trip "north" \\ 🏔️ <script>', body: 'Plans?' });
    expect(group.status).toBe(201);
    const about = await t
      .as('3')
      .post('/api/threads')
      .send({ recipientIds: ['1'], body: 'Is it sold?', context: { type: 'listing', id: 'a:1' } });
    expect(about.status).toBe(201);
    await t.as('2').post(`/api/threads/${group.body.thread.id}/messages`).send({ body: 'Yes!' });
    expect((await t.as('1').post(`/api/threads/${direct.threadId}/mute`)).status).toBeLessThan(300);
    // A member added later sees no preview of what came before them.
    expect(
      (
        await t
          .as('1')
          .post(`/api/threads/${group.body.thread.id}/members`)
          .send({ userIds: ['4'] })
      ).status,
    ).toBe(200);

    for (const viewer of ['1', '4']) {
      const inbox = await t.as(viewer).get('/api/threads');
      expect(inbox.status).toBe(200);
      expect(inbox.body.threads.length).toBeGreaterThan(0);
      for (const summary of inbox.body.threads) {
        const own = await t.as(viewer).get(`/api/threads/${summary.id}`);
        expect(summary).toEqual(own.body.thread);
      }
    }
    const alice = (await t.as('1').get('/api/threads')).body.threads;
    expect(alice.map((s: { id: string }) => s.id)).toEqual([group.body.thread.id, about.body.thread.id, direct.threadId]);
    const last = (await t.as('1').get(`/api/threads/${group.body.thread.id}`)).body.messages.at(-1);
    expect(alice[0].lastMessage.id).toBe(last.id);
    if (database.capabilities.name === 'postgres') expect(BigInt(last.id)).toBeGreaterThan(2n ** 53n);
    expect(alice[0].subject).toBe('Trip "north" \\ 🏔️ <script>');
    expect(alice[0].unreadCount).toBe(1);
    expect(alice[2].muted).toBe(true);
    expect(alice[2].lastMessage.preview).toBe('Hello there Alice');
    expect(alice[1].context).toMatchObject({ type: 'listing', id: 'a:1' });
    expect((await t.as('4').get('/api/threads')).body.threads[0].lastMessage).toBeNull();
  });
});
