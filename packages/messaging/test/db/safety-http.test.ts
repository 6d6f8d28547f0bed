import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/** The member-safety rules as members meet them: over the JSON API and the pages without JavaScript. */

let open: HttpTestApp[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.cleanup()));
  open = [];
});
async function app(overrides: Parameters<typeof createHttpTestApp>[0] = {}): Promise<HttpTestApp> {
  const t = await createHttpTestApp({ overrides: { isAdmin: (req: any) => req.headers['x-test-user'] === '5' }, ...overrides });
  open.push(t);
  return t;
}
const csrfOf = async (t: HttpTestApp, user: string) => (await t.as(user).get('/api/csrf')).body.token as string;

/** A host page with the profile buttons of member `profileId`, as the example app renders it. */
function hostProfile(t: HttpTestApp, profileId: string) {
  const host = express();
  host.use(t.messaging.locals());
  host.get('/profile', (_req, res) => res.send(`${res.locals.messaging.messageButton(profileId)}|${res.locals.messaging.blockButton(profileId)}`));
  return (user: string) => request(host).get('/profile').set('x-test-user', user);
}

describe(`blocking over HTTP on ${TEST_DIALECT}`, () => {
  it('bob blocks carol: her Message button goes, her sends get 403 blocked with a plain message, and unblocking brings both back', async () => {
    const t = await app();
    const { threadId } = await startThread(t, '3', ['2'], 'Hi Bob');
    const profile = hostProfile(t, '2');
    expect((await profile('3')).text).toMatch(/data-messaging-button.*\|.*data-messaging-block-button="not-blocked"/);

    const blocked = await t.as('2').post('/api/blocks').send({ userId: '3' });
    expect(blocked.status).toBe(201);
    expect(blocked.body.blocked).toMatchObject({ id: '3', displayName: 'Carol' });
    expect((await t.as('2').get('/api/blocks')).body.blocked.map((p: { id: string }) => p.id)).toEqual(['3']);
    expect((await profile('3')).text.split('|')[0]).toBe('');
    // Bob's own view of Carol's profile offers "Unblock".
    expect(hostProfile(t, '3')).toBeDefined();
    expect((await hostProfile(t, '3')('2')).text).toMatch(/data-messaging-block-button="blocked"[^>]*>Unblock</);

    const before = await t.counts();
    const start = await t
      .as('3')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'Please' });
    expect(start.status).toBe(403);
    expect(start.body.error).toEqual({ code: 'blocked', message: 'You cannot message this member.' });
    expect((await t.as('3').post(`/api/threads/${threadId}/messages`).send({ body: 'Why?' })).body.error.code).toBe('blocked');
    // The reply form says so next to the form, keeping the text.
    const form = await t
      .as('3')
      .post(`/threads/${threadId}`)
      .type('form')
      .send(`body=Why%3F&_csrf=${await csrfOf(t, '3')}`);
    expect(form.status).toBe(403);
    expect(form.text).toContain('You cannot message this member.');
    expect(form.text).toContain('Why?</textarea>');
    expect(await t.counts()).toEqual(before);

    expect((await t.as('2').post('/api/blocks/3').send()).status).toBe(404);
    const unblock = await request(t.app).delete('/messages/api/blocks/3').set('x-test-user', '2').set('Sec-Fetch-Site', 'same-origin');
    expect(unblock.status).toBe(200);
    expect((await t.as('3').post(`/api/threads/${threadId}/messages`).send({ body: 'Sorry' })).status).toBe(201);
    expect((await profile('3')).text.split('|')[0]).toMatch(/data-messaging-button/);
  });

  it('blocks from the confirmation page without JavaScript (POST + 303) and refuses blocking yourself or an unknown member', async () => {
    const t = await app();
    const page = await t.as('2').get('/blocks/new?userId=3');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Block <bdi>Carol</bdi>?');
    const csrf = await csrfOf(t, '2');
    const done = await t.as('2').post('/blocks').type('form').send(`userId=3&_csrf=${csrf}`);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/messages/blocks/new?userId=3&done=blocked');
    expect((await t.as('2').get('/blocks/new?userId=3&done=blocked')).text).toContain('You blocked <bdi>Carol</bdi>.');
    expect(await t.messaging.blocks.hasBlocked('2', '3')).toBe(true);

    expect((await t.as('2').post('/api/blocks').send({ userId: '2' })).body.error.code).toBe('invalid_request');
    expect((await t.as('2').post('/api/blocks').send({ userId: '999' })).body.error.code).toBe('invalid_recipient');
    expect((await t.as('2').post('/api/blocks').send({})).body.error.code).toBe('invalid_request');
    expect(await t.messaging.blocks.listBlocked('2')).toEqual(['3']);
  });

  it('after unblocking, the page says so and offers no Block button', async () => {
    const t = await app();
    await t.messaging.blocks.block('2', '3');
    const csrf = await csrfOf(t, '2');
    const done = await t.as('2').post('/blocks/3/delete').type('form').send(`_csrf=${csrf}`);
    expect(done.headers.location).toBe('/messages/blocks/new?userId=3&done=unblocked');
    const page = (await t.as('2').get('/blocks/new?userId=3&done=unblocked')).text;
    expect(page).toContain('<h1><bdi>Carol</bdi> is unblocked</h1>');
    expect(page).toContain('You unblocked <bdi>Carol</bdi>.');
    expect(page).not.toContain('data-messaging-block-form');
    expect(page).not.toContain('Block <bdi>Carol</bdi>?');
  });
});

describe(`archive, mute and leave over HTTP on ${TEST_DIALECT}`, () => {
  it('archives from the thread page into the Archived view and back, and refuses to leave a direct thread', async () => {
    const t = await app();
    const { threadId } = await startThread(t, '1', ['2']);
    const csrf = await csrfOf(t, '2');
    const archived = await t.as('2').post(`/threads/${threadId}/archive`).type('form').send(`_csrf=${csrf}`);
    expect(archived.status).toBe(303);
    expect(archived.headers.location).toBe('/messages/');
    expect((await t.as('2').get('/api/threads')).body.threads).toEqual([]);
    expect((await t.as('2').get('/api/threads?archived=true')).body.threads.map((x: { id: string }) => x.id)).toEqual([threadId]);
    const view = await t.as('2').get('/archived');
    expect(view.text).toContain(`data-thread-id="${threadId}"`);
    expect(view.text).toContain('Move back to inbox');

    const left = await t.as('2').post(`/api/threads/${threadId}/leave`).send({});
    expect(left.status).toBe(400);
    expect(left.body.error.code).toBe('invalid_request');
    expect((await t.as('2').post(`/api/threads/${threadId}/unarchive`).send({})).body).toEqual({ threadId, archived: false, muted: false });
  });

  it("keeps a muted thread's new messages out of the badge", async () => {
    const t = await app();
    const { threadId } = await startThread(t, '1', ['2'], 'first');
    expect((await t.as('2').post(`/api/threads/${threadId}/mute`).send({})).body).toEqual({ threadId, archived: false, muted: true });
    await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'second' });
    expect((await t.as('2').get('/api/unread')).body).toEqual({ unreadTotal: 0, unreadThreads: 0 });
    expect((await t.as('2').get('/api/threads')).body.threads[0].unreadCount).toBe(2);
  });

  it('leaves a group: the thread is then 404 for the member who left', async () => {
    const t = await app();
    const { threadId } = await startThread(t, '1', ['2', '3']);
    expect((await t.as('3').post(`/api/threads/${threadId}/leave`).send({})).body).toEqual({ threadId, left: true });
    expect((await t.as('3').get(`/api/threads/${threadId}`)).status).toBe(404);
    expect((await t.as('3').get(`/threads/${threadId}`)).status).toBe(404);
  });
});

describe(`who may message me over HTTP on ${TEST_DIALECT}`, () => {
  it('saves the choice from the settings form and the API, refuses an unknown value, and refuses new conversations with 403 recipient_unavailable', async () => {
    const t = await app();
    expect((await t.as('2').get('/api/preferences')).body).toEqual({ whoCanMessage: 'everyone' });
    const bad = await t
      .as('2')
      .post('/preferences')
      .type('form')
      .send(`whoCanMessage=friends&_csrf=${await csrfOf(t, '2')}`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose one of the options.');
    const saved = await t
      .as('2')
      .post('/preferences')
      .type('form')
      .send(`whoCanMessage=nobody&_csrf=${await csrfOf(t, '2')}`);
    expect(saved.headers.location).toBe('/messages/preferences?saved=1');
    expect((await t.as('2').get('/preferences?saved=1')).text).toMatch(/value="nobody" checked/);

    const refused = await t
      .as('3')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'hi' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('recipient_unavailable');

    const put = await request(t.app).put('/messages/api/preferences').set('x-test-user', '2').set('Sec-Fetch-Site', 'same-origin').send({ whoCanMessage: 'maybe' });
    expect(put.status).toBe(400);
    expect(put.body.error.details[0]).toMatchObject({ in: 'body', field: 'whoCanMessage' });
    const ok = await request(t.app).put('/messages/api/preferences').set('x-test-user', '2').set('Sec-Fetch-Site', 'same-origin').send({ whoCanMessage: 'everyone' });
    expect(ok.body).toEqual({ whoCanMessage: 'everyone' });
    expect(
      (
        await t
          .as('3')
          .post('/api/threads')
          .send({ recipientIds: ['2'], body: 'hi' })
      ).status,
    ).toBe(201);
  });
});

describe(`reports and their review over HTTP on ${TEST_DIALECT}`, () => {
  it('alice reports a message from the form, the admin sees it with its context and removes it; the thread then says so', async () => {
    const t = await app();
    const { threadId } = await startThread(t, '3', ['1'], 'Hello Alice');
    const bad = (await t.as('3').post(`/api/threads/${threadId}/messages`).send({ body: 'Nasty <words>' })).body.message.id;
    const events: unknown[] = [];
    t.messaging.on('report.created', (e) => events.push(e));

    const thread = await t.as('1').get(`/threads/${threadId}`);
    expect(thread.text).toContain(`href="/messages/messages/${bad}/report"`);
    const form = await t.as('1').get(`/messages/${bad}/report`);
    expect(form.text).toContain('Nasty &lt;words&gt;');
    const missing = await t
      .as('1')
      .post(`/messages/${bad}/report`)
      .type('form')
      .send(`_csrf=${await csrfOf(t, '1')}`);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Choose a reason.');
    const sent = await t
      .as('1')
      .post(`/messages/${bad}/report`)
      .type('form')
      .send(`reason=harassment&note=rude&_csrf=${await csrfOf(t, '1')}`);
    expect(sent.status).toBe(303);
    expect((await t.as('1').get(sent.headers.location!.replace('/messages', ''))).text).toContain('Your report was sent.');
    expect(events).toHaveLength(1);

    const admin = express();
    admin.use('/admin/messaging', t.messaging.adminRouter);
    const review = await request(admin).get('/admin/messaging/reports').set('x-test-user', '5');
    expect(review.status).toBe(200);
    expect(review.headers['cache-control']).toBe('no-store');
    expect(review.text).toContain('Nasty &lt;words&gt;');
    expect(review.text).toContain('Hello Alice');
    expect((await request(admin).get('/admin/messaging/reports').set('x-test-user', '1')).status).toBe(403);
    expect((await request(admin).get('/admin/messaging/reports')).status).toBe(401);

    const reportId = /data-report-id="(\d+)"/.exec(review.text)![1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(review.text)![1];
    // Removing cannot be undone: the review page links to a confirmation, and a form post that skipped it is sent there.
    expect(review.text).toContain(`<a class="m-danger" href="/admin/messaging/reports/${reportId}/confirm?action=delete_message">Remove the message…</a>`);
    const skipped = await request(admin).post(`/admin/messaging/reports/${reportId}`).set('x-test-user', '5').type('form').send(`action=delete_message&_csrf=${csrf}`);
    expect(skipped.status).toBe(303);
    expect(skipped.headers.location).toBe(`/admin/messaging/reports/${reportId}/confirm?action=delete_message`);
    expect((await t.as('3').get(`/threads/${threadId}`)).text).toContain('Nasty');
    const confirm = await request(admin).get(skipped.headers.location!).set('x-test-user', '5');
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('<h1>Remove this message?</h1>');
    expect(confirm.text).toContain('Nasty &lt;words&gt;');
    expect(confirm.text).toContain('This cannot be undone.');
    expect(confirm.text).toContain('<input type="hidden" name="confirm" value="yes">');
    expect((await request(admin).get(skipped.headers.location!).set('x-test-user', '1')).status).toBe(403);
    expect((await request(admin).get(skipped.headers.location!)).status).toBe(401);
    expect((await request(admin).get(`/admin/messaging/reports/${reportId}/confirm?action=dismiss`).set('x-test-user', '5')).status).toBe(400);
    expect((await request(admin).get('/admin/messaging/reports/999999/confirm?action=delete_message').set('x-test-user', '5')).status).toBe(404);
    const decided = await request(admin).post(`/admin/messaging/reports/${reportId}`).set('x-test-user', '5').type('form').send(`action=delete_message&confirm=yes&_csrf=${csrf}`);
    expect(decided.status).toBe(303);
    expect(decided.headers.location).toBe('/admin/messaging/reports?done=delete_message');
    // Decided: its confirmation page is gone.
    expect((await request(admin).get(skipped.headers.location!).set('x-test-user', '5')).status).toBe(404);
    expect((await request(admin).get('/admin/messaging/reports?done=delete_message').set('x-test-user', '5')).text).toContain('No open reports.');

    const after = await t.as('3').get(`/threads/${threadId}`);
    expect(after.text).toContain('Message removed by a moderator');
    expect(after.text).not.toContain('Nasty');
    const json = await t.as('1').get(`/api/threads/${threadId}`);
    expect(json.body.messages.find((m: { id: string }) => m.id === bad)).toMatchObject({ removed: 'moderator', body: '' });
  });

  it('answers 404 for a report of a message in a thread the reporter is not in, and 400 for a bad reason or a long note', async () => {
    const t = await app();
    const { messageId } = await startThread(t, '3', ['1'], 'Hello');
    const outsider = await t.as('2').post(`/api/messages/${messageId}/report`).send({ reason: 'spam' });
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe('not_found');
    expect((await t.as('2').get(`/messages/${messageId}/report`)).status).toBe(404);
    expect((await t.as('1').post(`/api/messages/${messageId}/report`).send({ reason: 'meh' })).status).toBe(400);
    expect(
      (
        await t
          .as('1')
          .post(`/api/messages/${messageId}/report`)
          .send({ reason: 'other', note: 'x'.repeat(1001) })
      ).status,
    ).toBe(400);
    const first = await t.as('1').post(`/api/messages/${messageId}/report`).send({ reason: 'spam' });
    expect(first.status).toBe(201);
    const again = await t.as('1').post(`/api/messages/${messageId}/report`).send({ reason: 'spam' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, report: { id: first.body.report.id } });
  });

  it('stops a suspended sender with 403 suspended until an admin lets them message again', async () => {
    const t = await app();
    const { threadId, messageId } = await startThread(t, '3', ['1'], 'spam spam');
    const { report } = await t.messaging.reports.report('1', messageId, { reason: 'spam' });
    const admin = express();
    admin.use('/admin/messaging', t.messaging.adminRouter);
    const decided = await request(admin)
      .post(`/admin/messaging/reports/${report.id}`)
      .set('x-test-user', '5')
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ action: 'suspend_sender' });
    expect(decided.body.report.status).toBe('sender_suspended');
    const refused = await t.as('3').post(`/api/threads/${threadId}/messages`).send({ body: 'more' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('suspended');
    const lifted = await request(admin).post('/admin/messaging/suspensions/3/delete').set('x-test-user', '5').set('Sec-Fetch-Site', 'same-origin').type('form').send('');
    expect(lifted.status).toBe(303);
    expect((await t.as('3').post(`/api/threads/${threadId}/messages`).send({ body: 'sorry' })).status).toBe(201);
  });
});

describe(`the thread page's controls on ${TEST_DIALECT}`, () => {
  it('offers archive, mute and block in a direct thread, leave in a group, and reflects the state', async () => {
    const t = await app();
    const { threadId } = await startThread(t, '1', ['2']);
    const page = await t.as('2').get(`/threads/${threadId}`);
    expect(page.text).toContain(`action="/messages/threads/${threadId}/archive"`);
    expect(page.text).toContain(`action="/messages/threads/${threadId}/mute"`);
    expect(page.text).not.toContain('/leave"');
    expect(page.text).toMatch(/href="\/messages\/blocks\/new\?userId=1"[^>]*>Block <bdi>Alice<\/bdi><\/a>/);

    await t.messaging.inboxControls.mute('2', threadId);
    await t.messaging.blocks.block('2', '1');
    const after = await t.as('2').get(`/threads/${threadId}`);
    expect(after.text).toContain(`action="/messages/threads/${threadId}/unmute"`);
    expect(after.text).toMatch(/>Unblock <bdi>Alice<\/bdi></);

    const group = await startThread(t, '4', ['2', '3']);
    const groupPage = await t.as('3').get(`/threads/${group.threadId}`);
    expect(groupPage.text).toContain(`action="/messages/threads/${group.threadId}/leave"`);
    expect(groupPage.text).not.toContain('blocks/new');
    const left = await t
      .as('3')
      .post(`/threads/${group.threadId}/leave`)
      .type('form')
      .send(`_csrf=${await csrfOf(t, '3')}`);
    expect(left.status).toBe(303);
    expect((await t.as('3').get(`/threads/${group.threadId}`)).status).toBe(404);
  });

  it('shows a refused start (recipient_unavailable, suspended) next to the compose form, keeping the text', async () => {
    const t = await app();
    await t.messaging.preferences.set('2', { whoCanMessage: 'nobody' });
    const res = await t
      .as('3')
      .post('/')
      .type('form')
      .send(`to=2&body=Hello%20Bob&_csrf=${await csrfOf(t, '3')}`);
    expect(res.status).toBe(403);
    expect(res.text).toContain('This member is not accepting new conversations from you.');
    expect(res.text).toContain('Hello Bob</textarea>');
  });
});
