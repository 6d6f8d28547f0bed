import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { exportMemberData } from '../../src/services/operations/member-export.js';
import { createHttpTestApp, type HttpTestApp } from '../helpers/http-app.js';
import { openEventStream, startServer } from '../helpers/sse-client.js';
import { messagesForViewer } from '../../src/services/live/live-reads.js';

/**
 * Group membership: a participant adds members (limit, preferences, blocks, the host's veto)
 * and renames the group; system lines record both; a newcomer sees the thread from the point
 * they were added on, in the page, the API, live updates and the export.
 */
let h: HttpTestApp | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

async function group(t: HttpTestApp, from = '1', to = ['2', '3']) {
  const res = await t.as(from).post('/api/threads').send({ recipientIds: to, subject: 'Team', body: 'secret before Dave' });
  expect(res.status).toBe(201);
  return res.body.thread.id as string;
}

const add = (t: HttpTestApp, as: string, threadId: string, userIds: unknown) => t.as(as).post(`/api/threads/${threadId}/members`).send({ userIds });
const rename = (t: HttpTestApp, as: string, threadId: string, body: object) =>
  request(t.app).patch(`/messages/api/threads/${threadId}`).set('x-test-user', as).set('Sec-Fetch-Site', 'same-origin').send(body);

async function snapshot(t: HttpTestApp): Promise<string> {
  const { db } = t.messaging.database;
  const tables = ['messaging_threads', 'messaging_participants', 'messaging_messages', 'messaging_thread_events'] as const;
  const rows = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));
  return JSON.stringify(rows.map((r) => r.map((row) => JSON.stringify(row)).sort()));
}

describe('adding members', () => {
  it('adds a member who sees only what comes after, in the API, the page, the inbox and the export', async () => {
    h = await createHttpTestApp();
    const threadId = await group(h);
    const res = await add(h, '2', threadId, ['4']);
    expect(res.status).toBe(200);
    expect(res.body.added).toEqual(['4']);
    expect(res.body.event).toMatchObject({ kind: 'members_added', actorId: '2', userIds: ['4'] });
    expect(res.body.thread.participants.map((p: { id: string }) => p.id).sort()).toEqual(['1', '2', '3', '4']);

    // Dave sees no earlier message anywhere, and nothing unread.
    const api = await h.as('4').get(`/api/threads/${threadId}`);
    expect(api.status).toBe(200);
    expect(api.body.messages).toEqual([]);
    expect(api.body.events.map((e: { kind: string }) => e.kind)).toEqual(['members_added']);
    expect(JSON.stringify(api.body)).not.toContain('secret before Dave');
    const inbox = await h.as('4').get('/api/threads');
    expect(inbox.body.threads[0].lastMessage).toBeNull();
    expect((await h.as('4').get('/api/unread')).body.unreadTotal).toBe(0);
    const page = await h.as('4').get(`/threads/${threadId}`);
    expect(page.text).not.toContain('secret before Dave');
    expect(page.text).toContain('data-messaging-system-line');
    expect(page.text).toMatch(/<bdi>Bob<\/bdi> added <bdi>Dave<\/bdi>/);
    const inboxPage = await h.as('4').get('/');
    expect(inboxPage.text).not.toContain('secret before Dave');

    // Later messages reach Dave; the others still see the whole history.
    await h.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'welcome Dave' });
    const after = await h.as('4').get(`/api/threads/${threadId}`);
    expect(after.body.messages.map((m: { body: string }) => m.body)).toEqual(['welcome Dave']);
    expect((await h.as('4').get('/api/unread')).body.unreadTotal).toBe(1);
    const old = await h.as('1').get(`/api/threads/${threadId}`);
    expect(old.body.messages.map((m: { body: string }) => m.body)).toEqual(['secret before Dave', 'welcome Dave']);

    let text = '';
    for await (const chunk of exportMemberData(h.messaging.database.db, '4')) text += chunk;
    const exported = JSON.parse(text);
    expect(exported.threads[0].messages.map((m: { body: string }) => m.body)).toEqual(['welcome Dave']);

    // A message id from before they joined is not theirs to report (nor to quote).
    const earlier = old.body.messages[0].id;
    expect((await h.as('4').get(`/messages/${earlier}/report`)).status).toBe(404);
  });

  it('sends a newcomer live messages from their join on (no earlier one on a replay), and live thread.renamed / thread.members_added events', async () => {
    h = await createHttpTestApp();
    const threadId = await group(h);
    await add(h, '1', threadId, ['4']);
    // What a reconnect replays: every message after a mark, here from the very start.
    expect(await messagesForViewer(h.messaging.database.db, '4', { afterId: '0', limit: 100 })).toEqual([]);
    const server = await startServer(h.app);
    const stream = await openEventStream(`${server.url}/messages/api/events`, { 'x-test-user': '4' });
    try {
      await h.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'live after' });
      const event = await stream.nextMatching((e) => e.event === 'message', 5000);
      expect(JSON.parse(event.data).message.body).toBe('live after');
      expect(stream.events.some((e) => e.data.includes('secret before Dave'))).toBe(false);
      await rename(h, '2', threadId, { subject: 'Live name' });
      const renamed = await stream.nextMatching((e) => e.event === 'thread.renamed', 5000);
      expect(JSON.parse(renamed.data)).toEqual({ threadId });
      await add(h, '1', threadId, ['5']);
      const added = await stream.nextMatching((e) => e.event === 'thread.members_added', 5000);
      expect(JSON.parse(added.data)).toEqual({ threadId });
    } finally {
      stream.close();
      await server.close();
    }
  });

  it('refuses past the group limit, a newcomer who refuses new conversations, one who blocked the adder, the host veto, and writes nothing', async () => {
    let veto: string[] = [];
    const seen: unknown[] = [];
    h = await createHttpTestApp({
      overrides: {
        limits: { maxGroupParticipants: 3 },
        canStartConversation: (_sender, ids, details) => {
          seen.push(details);
          return !ids.some((id) => veto.includes(id));
        },
      },
    });
    const threadId = await group(h);
    await h.messaging.preferences.set('4', { whoCanMessage: 'nobody' });
    let before = await snapshot(h);
    const refused = await add(h, '1', threadId, ['4']);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('recipient_unavailable');
    expect(await snapshot(h)).toBe(before);

    await h.messaging.preferences.set('4', { whoCanMessage: 'everyone' });
    await h.messaging.blocks.block('4', '1');
    before = await snapshot(h);
    const blocked = await add(h, '1', threadId, ['4']);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('blocked');
    expect(await snapshot(h)).toBe(before);
    await h.messaging.blocks.unblock('4', '1');

    veto = ['4'];
    const vetoed = await add(h, '1', threadId, ['4']);
    expect(vetoed.body.error.code).toBe('recipient_unavailable');
    expect(seen.at(-1)).toEqual({ threadId });
    veto = [];

    // Three others at most: 1 + 2, 3 and 4 is the limit; 5 is one too many.
    expect((await add(h, '1', threadId, ['4'])).status).toBe(200);
    before = await snapshot(h);
    const full = await add(h, '1', threadId, ['5']);
    expect(full.status).toBe(400);
    expect(full.body.error.details[0].field).toBe('userIds');
    expect(await snapshot(h)).toBe(before);

    const unknown = await add(h, '1', threadId, ['99']);
    expect(unknown.body.error.code).toBe('invalid_recipient');
    const already = await add(h, '1', threadId, ['2']);
    expect(already.status).toBe(400);
    const hostile = await add(h, '1', threadId, ['a\u0000b']);
    expect(hostile.status).toBe(400);
    expect(await snapshot(h)).toBe(before);
  });

  it('refuses members for a direct thread (403 forbidden) and for a thread the viewer is not in (404)', async () => {
    h = await createHttpTestApp();
    const direct = (
      await h
        .as('1')
        .post('/api/threads')
        .send({ recipientIds: ['2'], body: 'hi' })
    ).body.thread.id;
    expect((await add(h, '1', direct, ['3'])).body.error.code).toBe('forbidden');
    const threadId = await group(h);
    const outsider = await add(h, '4', threadId, ['5']);
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe('not_found');
    expect((await rename(h, '4', threadId, { subject: 'mine' })).status).toBe(404);
    expect((await rename(h, '1', direct, { subject: 'x' })).body.error.code).toBe('forbidden');
  });
});

describe('renaming', () => {
  it('renames a group with a system line, escaped, not unread for anyone', async () => {
    h = await createHttpTestApp();
    const threadId = await group(h);
    await h.as('2').post(`/api/threads/${threadId}/read`).send({});
    const res = await rename(h, '2', threadId, { subject: '<script>x</script> plans' });
    expect(res.status).toBe(200);
    expect(res.body.thread.subject).toBe('<script>x</script> plans');
    expect(res.body.event).toMatchObject({ kind: 'renamed', actorId: '2', subject: '<script>x</script> plans' });
    expect((await h.as('2').get('/api/unread')).body.unreadTotal).toBe(0);
    expect((await h.as('3').get('/api/unread')).body.unreadTotal).toBe(1);
    const page = await h.as('3').get(`/threads/${threadId}`);
    expect(page.text).toContain('renamed the conversation to “<bdi>&lt;script&gt;x&lt;/script&gt; plans</bdi>”');
    expect(page.text).not.toContain('<script>x</script>');
    const tooLong = await rename(h, '2', threadId, { subject: 'x'.repeat(201) });
    expect(tooLong.status).toBe(400);
    const cleared = await rename(h, '2', threadId, { subject: null });
    expect(cleared.body.thread.subject).toBeNull();
  });
});

describe('the settings page without JavaScript', () => {
  it('adds and renames through forms with _csrf, shows errors next to the field with the text kept', async () => {
    h = await createHttpTestApp();
    const threadId = await group(h);
    const thread = await h.as('1').get(`/threads/${threadId}`);
    expect(thread.text).toContain(`href="/messages/threads/${threadId}/settings"`);
    const settings = await h.as('1').get(`/threads/${threadId}/settings`);
    expect(settings.status).toBe(200);
    expect(settings.text).toContain('name="_csrf"');
    const csrf = (await h.as('1').get('/api/csrf')).body.token;
    const bad = await h.as('1').post(`/threads/${threadId}/settings/members`).type('form').send({ userIds: '99', _csrf: csrf });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="messaging-user-ids-error"');
    expect(bad.text).toContain('value="99"');
    const ok = await h.as('1').post(`/threads/${threadId}/settings/members`).type('form').send({ userIds: '4, 5', _csrf: csrf });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/messages/threads/${threadId}`);
    const renamed = await h.as('1').post(`/threads/${threadId}/settings/subject`).type('form').send({ subject: 'New name', _csrf: csrf });
    expect(renamed.status).toBe(303);
    const page = await h.as('5').get(`/threads/${threadId}`);
    expect(page.text).toMatch(/<bdi>Alice<\/bdi> added <bdi>Dave<\/bdi> and <bdi>Admin<\/bdi>/);
    expect(page.text).toContain('renamed the conversation to “<bdi>New name</bdi>”');
    expect(page.text).not.toContain('secret before Dave');
    const noCsrf = await request(h.app).post(`/messages/threads/${threadId}/settings/subject`).set('x-test-user', '1').type('form').send({ subject: 'x' });
    expect(noCsrf.status).toBe(403);
    const direct = (
      await h
        .as('1')
        .post('/api/threads')
        .send({ recipientIds: ['2'], body: 'hi' })
    ).body.thread.id;
    expect((await h.as('1').get(`/threads/${direct}/settings`)).status).toBe(403);
    expect((await h.as('1').get(`/threads/${direct}`)).text).not.toContain('/settings"');
  });
});

describe('forgetting a member', () => {
  it('leaves their id in no key of a thread about a context and in no system line', async () => {
    h = await createHttpTestApp();
    const { messaging } = h;
    const about = await messaging.conversations.startConversation({ senderId: '2', recipientIds: ['3'], body: 'x', context: { type: 'listing', id: '9' } });
    const threadId = await group(h, '3', ['4', '5']);
    await messaging.membership.addMembers({ actorId: '3', threadId, userIds: ['2'] });
    await messaging.membership.addMembers({ actorId: '2', threadId, userIds: ['1'] });
    await messaging.forgetUser('2');
    const db = messaging.database.db;
    const thread = await db.selectFrom('messaging_threads').select(['direct_key', 'pair_key']).where('id', '=', about.thread.id).executeTakeFirstOrThrow();
    expect(JSON.parse(thread.direct_key!)).not.toContain('2');
    expect(JSON.parse(thread.direct_key!)).toContain('listing');
    expect(JSON.parse(thread.pair_key!)).not.toContain('2');
    const events = await db.selectFrom('messaging_thread_events').selectAll().execute();
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e.actor_id).not.toBe('2');
      if (e.user_ids) expect(JSON.parse(e.user_ids)).not.toContain('2');
    }
    // The others' thread about the listing is still found by its pair: a new one with the tombstone is not needed.
    expect((await messaging.conversations.getThread('3', about.thread.id)).thread.context).toMatchObject({ type: 'listing', id: '9' });
  });
});
