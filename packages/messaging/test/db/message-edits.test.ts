import { sql } from 'kysely';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { eventually, openEventStream, type SseClient, startServer } from '../helpers/sse-client.js';
import { pruneMessages } from '../../src/services/operations/retention.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/**
 * Editing and deleting one's own messages (issue 16): the JSON API (`PATCH`/`DELETE
 * /api/messages/:messageId`), the pages without JavaScript, unread counts, the text leaving
 * the database, live events, and the report snapshot. The authorization matrix is
 * message-edits-authorization.test.ts.
 */

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const MINUTE = 60_000;

let current: { t: HttpTestApp; clock: { at: number }; cleanup: () => Promise<void> } | undefined;
afterEach(async () => {
  await current?.cleanup();
  current = undefined;
});

async function app(overrides: Record<string, unknown> = {}) {
  const clock = { at: T0 };
  const t = await createHttpTestApp({ overrides: { clock: () => new Date(clock.at), ...overrides } });
  current = { t, clock, cleanup: () => t.cleanup() };
  return current;
}

const patch = (t: HttpTestApp, userId: string | null, id: string) => {
  const r = request(t.app).patch(`${t.mount}/api/messages/${id}`).set('Sec-Fetch-Site', 'same-origin');
  return userId === null ? r : r.set('x-test-user', userId);
};
const del = (t: HttpTestApp, userId: string | null, id: string) => {
  const r = request(t.app).delete(`${t.mount}/api/messages/${id}`).set('Sec-Fetch-Site', 'same-origin');
  return userId === null ? r : r.set('x-test-user', userId);
};
const bodyOf = async (t: HttpTestApp, id: string) =>
  await t.messaging.database.db.selectFrom('messaging_messages').select(['body', 'edited_at', 'deleted_at']).where('id', '=', id).executeTakeFirstOrThrow();
const csrfOf = async (t: HttpTestApp, userId: string) => (await t.as(userId).get('/api/csrf')).body.token as string;
const unreadOf = async (t: HttpTestApp, userId: string) => (await t.as(userId).get('/api/unread')).body.unreadTotal as number;

describe(`editing one's own message on ${TEST_DIALECT}`, () => {
  it('within the window: saves the text, answers the message with editedAt, and the thread shows "edited" on the API and the page', async () => {
    const { t, clock } = await app();
    const { threadId, messageId } = await startThread(t, '1', ['2'], 'Helo Bob');
    clock.at += 5 * MINUTE;
    const res = await patch(t, '1', messageId).send({ body: 'Hello Bob' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.message).toMatchObject({ id: messageId, threadId, senderId: '1', body: 'Hello Bob', editedAt: new Date(T0 + 5 * MINUTE).toISOString() });

    const thread = await t.as('2').get(`/api/threads/${threadId}`);
    expect(thread.body.messages[0]).toMatchObject({ id: messageId, body: 'Hello Bob', editedAt: expect.any(String) });
    const page = await t.as('2').get(`/threads/${threadId}`);
    expect(page.text).toContain('Hello Bob');
    expect(page.text).not.toContain('Helo Bob');
    expect(page.text).toMatch(/id="m-\d+"[\s\S]*data-messaging-edited>edited</);
  });

  it("does not change anyone's unread count", async () => {
    const { t } = await app();
    const { messageId } = await startThread(t, '1', ['2'], 'unread one');
    expect(await unreadOf(t, '2')).toBe(1);
    expect((await patch(t, '1', messageId).send({ body: 'still unread' })).status).toBe(200);
    expect(await unreadOf(t, '2')).toBe(1);
  });

  it('past the window: 403 edit_window_closed, the page form says so, and the text stays', async () => {
    const { t, clock } = await app();
    const { messageId } = await startThread(t, '1', ['2'], 'Too late to fix');
    clock.at += 15 * MINUTE + 1;
    const res = await patch(t, '1', messageId).send({ body: 'Fixed' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('edit_window_closed');
    const form = await t
      .as('1')
      .post(`/messages/${messageId}/edit`)
      .type('form')
      .send({ body: 'Fixed', _csrf: await csrfOf(t, '1') });
    expect(form.status).toBe(403);
    expect(form.text).toContain('can no longer be edited');
    expect(await bodyOf(t, messageId)).toMatchObject({ body: 'Too late to fix', edited_at: null });
  });

  it('follows the host-set window (limits.editWindowMinutes), and 0 turns editing off', async () => {
    const { t, clock } = await app({ limits: { editWindowMinutes: 60 } });
    const { messageId } = await startThread(t, '1', ['2'], 'one');
    clock.at += 30 * MINUTE;
    expect((await patch(t, '1', messageId).send({ body: 'two' })).status).toBe(200);
    await current!.cleanup();
    const off = await app({ limits: { editWindowMinutes: 0 } });
    const other = await startThread(off.t, '1', ['2'], 'one');
    expect((await patch(off.t, '1', other.messageId).send({ body: 'two' })).body.error.code).toBe('edit_window_closed');
  });

  it("refuses someone else's message with 404 (as the contract says) and a non-participant with 404; signed out 401; nothing changes", async () => {
    const { t } = await app();
    const { messageId } = await startThread(t, '1', ['2'], 'Alice wrote this');
    for (const [user, status, code] of [
      ['2', 404, 'not_found'],
      ['3', 404, 'not_found'],
      [null, 401, 'unauthenticated'],
    ] as const) {
      const edit = await patch(t, user, messageId).send({ body: 'hijacked' });
      expect([edit.status, edit.body.error?.code], `edit as ${user}`).toEqual([status, code]);
      const remove = await del(t, user, messageId);
      expect([remove.status, remove.body.error?.code], `delete as ${user}`).toEqual([status, code]);
    }
    expect(await bodyOf(t, messageId)).toMatchObject({ body: 'Alice wrote this', edited_at: null, deleted_at: null });
  });

  it('validates the body as sending does and stores nothing: empty 400, control character 400, too long 413, not JSON 415', async () => {
    const { t } = await app({ limits: { maxMessageLength: 20 } });
    const { messageId } = await startThread(t, '1', ['2'], 'original');
    expect((await patch(t, '1', messageId).send({ body: '   ' })).body.error.code).toBe('invalid_request');
    expect((await patch(t, '1', messageId).send({ body: 'a\u0000b' })).body.error.code).toBe('invalid_request');
    expect((await patch(t, '1', messageId).send({})).body.error.code).toBe('invalid_request');
    expect((await patch(t, '1', messageId).send({ body: 'x'.repeat(21) })).body.error.code).toBe('payload_too_large');
    expect((await patch(t, '1', messageId).type('form').send('body=x')).status).toBe(415);
    expect((await patch(t, '1', 'abc').send({ body: 'x' })).status).toBe(404);
    expect(await bodyOf(t, messageId)).toMatchObject({ body: 'original', edited_at: null });
  });

  it('requires CSRF: a cross-site PATCH or DELETE, or a bare one without a token, is refused and changes nothing', async () => {
    const { t } = await app();
    const { messageId } = await startThread(t, '1', ['2'], 'keep me');
    const cross = await request(t.app).patch(`${t.mount}/api/messages/${messageId}`).set('x-test-user', '1').set('Sec-Fetch-Site', 'cross-site').send({ body: 'x' });
    expect(cross.body.error.code).toBe('csrf_rejected');
    const bare = await request(t.app).delete(`${t.mount}/api/messages/${messageId}`).set('x-test-user', '1');
    expect(bare.body.error.code).toBe('csrf_rejected');
    const withToken = await request(t.app)
      .patch(`${t.mount}/api/messages/${messageId}`)
      .set('x-test-user', '1')
      .set('X-CSRF-Token', await csrfOf(t, '1'))
      .send({ body: 'kept, edited' });
    expect(withToken.status).toBe(200);
    const form = await request(t.app).post(`${t.mount}/messages/${messageId}/delete`).set('x-test-user', '1').type('form').send('_csrf=forged');
    expect(form.status).toBe(403);
    expect((await bodyOf(t, messageId)).deleted_at).toBeNull();
  });

  it("spends the member's write attempts like every write: past the limit, 429 with Retry-After and nothing changes", async () => {
    const { t } = await app({ rateLimits: { writeAttemptsPerMinute: 3 } });
    const { messageId } = await startThread(t, '1', ['2'], 'v0');
    expect((await patch(t, '1', messageId).send({ body: 'v1' })).status).toBe(200);
    expect((await patch(t, '1', messageId).send({ body: 'v2' })).status).toBe(200);
    const refused = await patch(t, '1', messageId).send({ body: 'v3' });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await del(t, '1', messageId)).status).toBe(429);
    expect(await bodyOf(t, messageId)).toMatchObject({ body: 'v2', deleted_at: null });
  });

  it('cannot edit or delete a message a moderator removed', async () => {
    const { t } = await app();
    const { messageId } = await startThread(t, '2', ['1'], 'bad words');
    const { report } = await t.messaging.reports.report('1', messageId, { reason: 'spam' });
    await t.messaging.reports.resolve(report.id, '5', 'delete_message');
    expect((await patch(t, '2', messageId).send({ body: 'nice words' })).status).toBe(404);
    expect((await del(t, '2', messageId)).status).toBe(404);
    expect(await bodyOf(t, messageId)).toMatchObject({ body: 'bad words', edited_at: null });
  });
});

describe(`the edit and delete pages (no JavaScript) on ${TEST_DIALECT}`, () => {
  it('shows Edit and Delete on your own messages only; the edit form saves and redirects to the message', async () => {
    const { t } = await app();
    const { threadId, messageId } = await startThread(t, '1', ['2'], 'Typo hre');
    const mine = await t.as('1').get(`/threads/${threadId}`);
    expect(mine.text).toContain(`href="/messages/messages/${messageId}/edit"`);
    expect(mine.text).toContain(`href="/messages/messages/${messageId}/delete"`);
    const theirs = await t.as('2').get(`/threads/${threadId}`);
    expect(theirs.text).not.toContain('data-messaging-edit-link');
    expect(theirs.text).not.toContain('data-messaging-delete-link');

    const form = await t.as('1').get(`/messages/${messageId}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Typo hre</textarea>');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const empty = await t.as('1').post(`/messages/${messageId}/edit`).type('form').send({ body: ' ', _csrf: token });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('m-error');
    const saved = await t.as('1').post(`/messages/${messageId}/edit`).type('form').send({ body: 'Typo here', _csrf: token });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/messages/threads/${threadId}#m-${messageId}`);
    expect((await t.as('2').get(`/threads/${threadId}`)).text).toMatch(/Typo here<\/p>\s*<p class="m-meta" data-messaging-edited>edited<\/p>/);
    // Past the window the link goes and the form page says so.
    current!.clock.at += 16 * MINUTE;
    expect((await t.as('1').get(`/threads/${threadId}`)).text).not.toContain('data-messaging-edit-link');
    expect((await t.as('1').get(`/messages/${messageId}/edit`)).status).toBe(403);
    expect((await t.as('2').get(`/messages/${messageId}/edit`)).status).toBe(404);
  });

  it('the delete confirmation posts with CSRF and the thread shows "Message deleted" in its place', async () => {
    const { t } = await app();
    const { threadId, messageId } = await startThread(t, '1', ['2'], 'Regrettable words');
    const confirm = await t.as('1').get(`/messages/${messageId}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('data-messaging-delete-form');
    const token = /name="_csrf" value="([^"]+)"/.exec(confirm.text)![1]!;
    const done = await t.as('1').post(`/messages/${messageId}/delete`).type('form').send({ _csrf: token });
    expect(done.status).toBe(303);
    const page = await t.as('2').get(`/threads/${threadId}`);
    expect(page.text).toContain(`id="m-${messageId}"`);
    expect(page.text).toContain('Message deleted');
    expect(page.text).not.toContain('Regrettable words');
    expect(page.text).not.toContain('data-messaging-report-link');
    const api = await t.as('2').get(`/api/threads/${threadId}`);
    expect(api.body.messages[0]).toMatchObject({ id: messageId, body: '', deleted: true });
    expect((await t.as('1').get(`/messages/${messageId}/delete`)).status).toBe(404);
  });
});

describe(`deleting one's own message on ${TEST_DIALECT}`, () => {
  it('answers the message with deleted: true and an empty body; deleting again answers the same', async () => {
    const { t } = await app();
    const { threadId, messageId } = await startThread(t, '1', ['2'], 'bye');
    const res = await del(t, '1', messageId);
    expect(res.status, res.text).toBe(200);
    expect(res.body.message).toMatchObject({ id: messageId, threadId, senderId: '1', body: '', deleted: true });
    expect((await del(t, '1', messageId)).body.message).toMatchObject({ id: messageId, deleted: true });
    expect((await patch(t, '1', messageId).send({ body: 'back' })).status).toBe(404);
  });

  it('lowers the unread count of a member who had not read it, not of one who had', async () => {
    const { t } = await app();
    const { threadId } = await startThread(t, '1', ['2', '3'], 'first');
    const second = await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'second' });
    await t.as('2').post(`/api/threads/${threadId}/read`).send({});
    expect([await unreadOf(t, '2'), await unreadOf(t, '3')]).toEqual([0, 2]);
    const changes: Array<{ userId: string; unreadTotal: number }> = [];
    t.messaging.on('unread.changed', (e) => changes.push(e));
    expect((await del(t, '1', second.body.message.id)).status).toBe(200);
    expect([await unreadOf(t, '2'), await unreadOf(t, '3')]).toEqual([0, 1]);
    expect(changes).toEqual([{ userId: '3', unreadTotal: 1 }]);
    const inbox = await t.as('3').get('/api/threads');
    expect(inbox.body.threads[0]).toMatchObject({ unreadCount: 1, lastMessage: { preview: 'first' } });
  });

  it('keeps every counter equal to a recount from the messages, through sends, reads, mutes and deletions', async () => {
    const { t } = await app();
    const db = t.messaging.database.db;
    const { threadId, messageId: first } = await startThread(t, '1', ['2', '3', '4'], 'm0');
    const sent: Array<{ id: string; by: string }> = [{ id: first, by: '1' }];
    await t.messaging.inboxControls.mute('4', threadId);
    const check = async () => {
      const participants = await db.selectFrom('messaging_participants').select(['user_id', 'unread_count', 'last_read_message_id']).where('thread_id', '=', threadId).execute();
      const messages = await db.selectFrom('messaging_messages').select(['id', 'sender_id', 'deleted_at']).where('thread_id', '=', threadId).execute();
      for (const p of participants) {
        const recount = messages.filter((m) => m.deleted_at === null && m.sender_id !== p.user_id && Number(m.id) > Number(p.last_read_message_id ?? 0)).length;
        expect(Number(p.unread_count), `member ${p.user_id}`).toBe(recount);
      }
      const standing = messages.filter((m) => m.deleted_at === null).map((m) => Number(m.id));
      const row = await db.selectFrom('messaging_threads').select('last_message_id').where('id', '=', threadId).executeTakeFirstOrThrow();
      expect(row.last_message_id === null ? null : Number(row.last_message_id)).toBe(standing.length ? Math.max(...standing) : null);
    };
    for (let i = 1; i <= 12; i++) {
      const by = String((i % 4) + 1);
      const res = await t
        .as(by)
        .post(`/api/threads/${threadId}/messages`)
        .send({ body: `m${i}` });
      sent.push({ id: res.body.message.id, by });
      if (i % 3 === 0)
        await t
          .as(String(((i + 1) % 4) + 1))
          .post(`/api/threads/${threadId}/read`)
          .send({});
      if (i % 4 === 0) {
        const victim = sent.splice(i % sent.length, 1)[0]!;
        expect((await del(t, victim.by, victim.id)).status).toBe(200);
        await check();
      }
    }
    // The latest message too, so that the preview moves back.
    const last = sent.pop()!;
    expect((await del(t, last.by, last.id)).status).toBe(200);
    await check();
  });

  it('leaves the text nowhere in the database', async () => {
    const { t } = await app();
    const secret = 'my-secret-phone-number-5551234';
    const { messageId } = await startThread(t, '1', ['2'], secret);
    expect((await del(t, '1', messageId)).status).toBe(200);
    expect(await bodyOf(t, messageId)).toMatchObject({ body: '', deleted_at: expect.any(String) });
    const db = t.messaging.database.db;
    for (const table of ['messaging_messages', 'messaging_threads', 'messaging_participants', 'messaging_reports', 'messaging_idempotency_keys'] as const) {
      const rows = await db.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(rows), table).not.toContain(secret);
    }
    if (TEST_DIALECT === 'sqlite') {
      // Nor in a freed page: secure_delete is on for the package's connections.
      const pages = await sql<{ secure_delete: number }>`pragma secure_delete`.execute(db);
      expect(Number(pages.rows[0]?.secure_delete)).toBe(1);
    }
  });
});

describe(`reports keep what the message said on ${TEST_DIALECT}`, () => {
  it('the moderators see the reported text after the sender edits it, and after they delete it', async () => {
    const { t } = await app();
    const { threadId, messageId } = await startThread(t, '2', ['1'], 'Send me your password');
    await t.messaging.reports.report('1', messageId, { reason: 'spam' });
    expect((await patch(t, '2', messageId).send({ body: 'Nice weather' })).status).toBe(200);
    let review = await t.messaging.reports.listOpen();
    expect(review.items[0]).toMatchObject({ reportedBody: 'Send me your password', message: { body: 'Nice weather', editedAt: expect.any(String) } });

    expect((await del(t, '2', messageId)).status).toBe(200);
    review = await t.messaging.reports.listOpen();
    expect(review.items[0]).toMatchObject({ reportedBody: 'Send me your password', message: { body: '', deleted: true } });
    const row = await t.messaging.database.db.selectFrom('messaging_reports').select('body_snapshot').executeTakeFirstOrThrow();
    expect(row.body_snapshot).toBe('Send me your password');
    expect(threadId).toBeTruthy();
  });
});

describe(`the report's copy of the text goes with the member or the message on ${TEST_DIALECT}`, () => {
  const snapshots = async (t: HttpTestApp) => (await t.messaging.database.db.selectFrom('messaging_reports').select('body_snapshot').execute()).map((r) => r.body_snapshot);

  it("forget-user erase clears the erased sender's reported text; anonymise keeps it", async () => {
    const { t } = await app();
    const { messageId } = await startThread(t, '2', ['1'], 'erase me');
    await t.messaging.reports.report('1', messageId, { reason: 'spam' });
    const other = await startThread(t, '3', ['1'], 'keep me');
    await t.messaging.reports.report('1', other.messageId, { reason: 'spam' });
    await t.messaging.forgetUser('3', { mode: 'anonymise' });
    await t.messaging.forgetUser('2', { mode: 'erase' });
    expect((await snapshots(t)).sort()).toEqual(['keep me', null].sort());
  });

  it('pruning a reported message takes the report, and so its copy, with it (the foreign key cascades)', async () => {
    const { t, clock } = await app();
    const { threadId, messageId } = await startThread(t, '2', ['1'], 'old news');
    await t.messaging.reports.report('1', messageId, { reason: 'spam' });
    clock.at += 60 * MINUTE;
    // A newer message keeps the thread (and so the report) in place.
    expect((await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'newer' })).status).toBe(201);
    await pruneMessages(t.messaging.database.db, { before: new Date(clock.at - MINUTE), pauseMs: 0 });
    expect(await snapshots(t)).toEqual([]);
  });
});

describe(`live events on ${TEST_DIALECT}`, () => {
  it('a stream that reconnects gets the message it missed as it reads now, with editedAt', async () => {
    const { t } = await app();
    const server = await startServer(t.app);
    const clients: SseClient[] = [];
    try {
      const { threadId } = await startThread(t, '1', ['2'], 'first');
      const url = `${server.url}${t.mount}/api/events`;
      const away = await openEventStream(url, { 'x-test-user': '2' });
      clients.push(away);
      const lastId = (await away.nextMatching((e) => e.event === 'unread')).id!;
      away.close();
      const sent = await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'typo' });
      expect((await patch(t, '1', sent.body.message.id).send({ body: 'fixed' })).status).toBe(200);
      const back = await openEventStream(url, { 'x-test-user': '2', 'Last-Event-ID': lastId });
      clients.push(back);
      const replayed = await back.nextMatching((e) => e.event === 'message');
      expect(JSON.parse(replayed.data).message).toMatchObject({ id: sent.body.message.id, body: 'fixed', editedAt: expect.any(String) });
    } finally {
      for (const c of clients) c.close();
      await server.close();
    }
  });

  it('a member added to the group later hears nothing of edits to messages from before they joined', async () => {
    const { t } = await app();
    const server = await startServer(t.app);
    const clients: SseClient[] = [];
    try {
      const { threadId, messageId } = await startThread(t, '1', ['2', '3'], 'before Dave');
      await t.messaging.membership.addMembers({ actorId: '1', threadId, userIds: ['4'] });
      const open = async (userId: string) => {
        const c = await openEventStream(`${server.url}${t.mount}/api/events`, { 'x-test-user': userId });
        clients.push(c);
        await c.nextMatching((e) => e.event === 'unread');
        return c;
      };
      const [bob, dave] = [await open('2'), await open('4')];
      expect((await patch(t, '1', messageId).send({ body: 'before Dave, edited' })).status).toBe(200);
      await bob.nextMatching((e) => e.event === 'message.edited');
      // Then a message Dave may see: once it arrives, the edit would have come before it.
      await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'after Dave' });
      await dave.nextMatching((e) => e.event === 'message');
      expect(dave.events.some((e) => e.event === 'message.edited')).toBe(false);
    } finally {
      for (const c of clients) c.close();
      await server.close();
    }
  });

  it('an open stream of every participant hears message.edited and message.deleted; others hear nothing', async () => {
    const { t } = await app();
    const server = await startServer(t.app);
    const clients: SseClient[] = [];
    const open = async (userId: string) => {
      const c = await openEventStream(`${server.url}${t.mount}/api/events`, { 'x-test-user': userId });
      clients.push(c);
      await c.nextMatching((e) => e.event === 'unread');
      return c;
    };
    try {
      const { threadId, messageId } = await startThread(t, '1', ['2'], 'live text');
      const [alice, bob, carol] = [await open('1'), await open('2'), await open('3')];
      expect((await patch(t, '1', messageId).send({ body: 'live text, edited' })).status).toBe(200);
      for (const c of [bob, alice]) {
        const edited = await c.nextMatching((e) => e.event === 'message.edited');
        expect(JSON.parse(edited.data)).toMatchObject({ threadId, message: { id: messageId, body: 'live text, edited', editedAt: expect.any(String) } });
      }
      expect((await del(t, '1', messageId)).status).toBe(200);
      for (const c of [bob, alice]) {
        const deleted = await c.nextMatching((e) => e.event === 'message.deleted');
        expect(JSON.parse(deleted.data)).toEqual({ threadId, messageId });
      }
      // Bob's count dropped live too (he had not read it).
      await eventually(() => bob.events.some((e) => e.event === 'unread' && JSON.parse(e.data).unreadTotal === 0), 5000, "Bob's unread total 0");
      expect(carol.events.some((e) => e.event.startsWith('message'))).toBe(false);
    } finally {
      for (const c of clients) c.close();
      await server.close();
    }
  });
});
