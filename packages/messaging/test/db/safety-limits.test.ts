import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { codeOf, setUp } from './services-fixture.js';

let open: HttpTestApp[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.cleanup()));
  open = [];
});

describe(`sending limits an admin sets on ${TEST_DIALECT}`, () => {
  it('start from the options, take an admin value over them, refuse values out of bounds, and go back with null', async () => {
    const { messaging } = await setUp({ rateLimits: { messagesPerMinute: 12 }, limits: { maxGroupParticipants: 3 } });
    expect(await messaging.sendingLimits.get()).toEqual({ messagesPerMinute: 12, newThreadsPerDay: 50, maxGroupParticipants: 3, overridden: [] });
    await messaging.sendingLimits.set({ maxGroupParticipants: 2, newThreadsPerDay: 5 }, '5');
    expect(await messaging.sendingLimits.get()).toMatchObject({ messagesPerMinute: 12, newThreadsPerDay: 5, maxGroupParticipants: 2 });

    expect(await codeOf(messaging.sendingLimits.set({ messagesPerMinute: 0 }))).toBe('invalid_request');
    expect(await codeOf(messaging.sendingLimits.set({ messagesPerMinute: 2.5 }))).toBe('invalid_request');
    expect((await messaging.sendingLimits.get()).messagesPerMinute).toBe(12);

    // The group limit applies to new conversations at once.
    expect(await codeOf(messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3', '4'], body: 'hi' }))).toBe('invalid_request');
    expect((await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'hi' })).created).toBe(true);
    await messaging.sendingLimits.set({ maxGroupParticipants: null });
    expect((await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3', '4'], body: 'hi' })).created).toBe(true);
  });

  it('is changed from the admin form (POST + 303), shows errors next to the field, and is for admins only', async () => {
    const t = await createHttpTestApp({ overrides: { isAdmin: (req: any) => req.headers['x-test-user'] === '5' } });
    open.push(t);
    const admin = express();
    admin.use('/admin/messaging', t.messaging.adminRouter);
    const page = await request(admin).get('/admin/messaging/limits').set('x-test-user', '5');
    expect(page.status).toBe(200);
    // One paragraph a field, label above its box and the default beside it: readable in a host page without our stylesheet.
    expect(page.text).toMatch(
      /<p class="messaging-admin-field"><label for="messaging-limit-messagesPerMinute">Messages per minute, per member<\/label><br>\s*<input type="number" id="messaging-limit-messagesPerMinute"[^>]*aria-describedby="messaging-limit-messagesPerMinute-hint"[^>]*>\s*<span id="messaging-limit-messagesPerMinute-hint">Default: [\d,]+<\/span><\/p>/,
    );
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];

    const bad = await request(admin)
      .post('/admin/messaging/limits')
      .set('x-test-user', '5')
      .type('form')
      .send(`messagesPerMinute=-3&newThreadsPerDay=&maxGroupParticipants=&_csrf=${csrf}`);
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/aria-describedby="messaging-limit-messagesPerMinute-hint messaging-limit-messagesPerMinute-error" aria-invalid="true"/);
    expect(bad.text).toContain('value="-3"');

    const ok = await request(admin)
      .post('/admin/messaging/limits')
      .set('x-test-user', '5')
      .type('form')
      .send(`messagesPerMinute=7&newThreadsPerDay=&maxGroupParticipants=4&_csrf=${csrf}`);
    expect(ok.status).toBe(303);
    expect(await t.messaging.sendingLimits.get()).toMatchObject({ messagesPerMinute: 7, maxGroupParticipants: 4, overridden: ['messagesPerMinute', 'maxGroupParticipants'] });

    expect((await request(admin).get('/admin/messaging/limits').set('x-test-user', '2')).status).toBe(403);
    expect((await request(admin).post('/admin/messaging/limits').set('x-test-user', '2').type('form').send(`messagesPerMinute=1&_csrf=${csrf}`)).status).toBe(403);
    expect(
      (await request(admin).post('/admin/messaging/limits').set('x-test-user', '5').set('Sec-Fetch-Site', 'cross-site').type('form').send(`messagesPerMinute=1&_csrf=${csrf}`))
        .status,
    ).toBe(403);
    expect((await t.messaging.sendingLimits.get()).messagesPerMinute).toBe(7);
  });

  it("applies the admin's messages per minute and new conversations per day to senders at once (429 with Retry-After)", async () => {
    const t = await createHttpTestApp({ overrides: { rateLimits: {} } });
    open.push(t);
    await t.messaging.sendingLimits.set({ messagesPerMinute: 2, newThreadsPerDay: 1 });
    const first = await t
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'one' });
    expect(first.status).toBe(201);
    const other = await t
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['3'], body: 'new' });
    expect(other.status).toBe(429);
    expect(Number(other.headers['retry-after'])).toBeGreaterThan(3600);
    const threadId = first.body.thread.id;
    expect((await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'two' })).status).toBe(201);
    const third = await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'three' });
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('rate_limited');
    // Another member has slots of their own.
    expect((await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'hi' })).status).toBe(201);
  });
});
