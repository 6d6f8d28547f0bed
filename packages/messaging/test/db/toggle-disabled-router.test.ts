import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging } from '../helpers/test-messaging.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const test = await createTestMessaging();
  cleanups.push(test.cleanup);
  const app = express();
  app.use('/messages', test.messaging.router);
  return { app, messaging: test.messaging };
}

describe(`the router while messaging is off, on ${TEST_DIALECT}`, () => {
  it('answers every API route 404 messaging_disabled and stores nothing', async () => {
    const { app, messaging } = await setup();
    for (const [method, path] of [
      ['get', '/messages/api/threads'],
      ['get', '/messages/api/unread'],
      ['get', '/messages/api/csrf'],
      ['get', '/messages/api/threads/abc'],
      ['post', '/messages/api/threads'],
    ] as const) {
      const res = await request(app)
        [method](path)
        .set('x-test-user', '1')
        .set('sec-fetch-site', 'same-origin')
        .send({ recipientIds: ['2'], body: 'hello' });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code, `${method} ${path}`).toBe('messaging_disabled');
    }
    expect((await messaging.report()).rowCounts.messaging_messages).toBe(0);
  });

  it('answers the pages with a readable 404 page, for visitors too', async () => {
    const { app } = await setup();
    for (const path of ['/messages', '/messages/new?to=2', '/messages/threads/abc']) {
      const res = await request(app).get(path).set('x-test-user', '1').expect(404);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain('Messaging is switched off.');
    }
    await request(app).get('/messages').expect(404);
  });

  it('switched on again, the same routes work and old threads are back', async () => {
    const { app, messaging } = await setup();
    await messaging.toggle.setEnabled(true, 5);
    const sent = await request(app)
      .post('/messages/api/threads')
      .set('x-test-user', '1')
      .set('sec-fetch-site', 'same-origin')
      .send({ recipientIds: ['2'], body: 'hello' })
      .expect(201);
    await messaging.toggle.setEnabled(false, 5);
    await request(app).get('/messages/api/threads').set('x-test-user', '2').expect(404);
    await messaging.toggle.setEnabled(true, 5);
    const list = await request(app).get('/messages/api/threads').set('x-test-user', '2').expect(200);
    expect(list.body.threads.map((t: { id: string }) => t.id)).toEqual([sent.body.thread.id]);
  });
});
