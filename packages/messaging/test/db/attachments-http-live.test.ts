import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { openEventStream, startServer } from '../helpers/sse-client.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { attachmentRows, attachmentsApp, PDF, png, upload } from './attachments-http-fixture.js';

/** Attachments in live updates, HEAD requests, and the routes while attachments are off. */

let t: HttpTestApp;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
  await t?.cleanup();
});

describe(`attachments live and off on ${TEST_DIALECT}`, () => {
  it('a live message event carries the files the page script shows', async () => {
    t = await attachmentsApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const server = await startServer(t.app);
    const bob = await openEventStream(`${server.url}${t.mount}/api/events`, { 'x-test-user': '2' });
    stop = async () => {
      bob.close();
      await server.close();
    };
    const photo = await upload(t, '1', await png(64, 48), 'sunset.png', 'image/png');
    const sent = await t
      .as('1')
      .post(`/api/threads/${threadId}/messages`)
      .send({ body: 'Look', attachmentIds: [photo.body.attachment.id] });
    expect(sent.status).toBe(201);
    const event = await bob.nextMatching((e) => e.event === 'message' && JSON.parse(e.data).message.id === sent.body.message.id);
    expect(JSON.parse(event.data).message.attachments).toEqual([
      expect.objectContaining({ id: photo.body.attachment.id, name: 'sunset.png', contentType: 'image/png', width: 64, height: 48, thumbnailUrl: expect.any(String) }),
    ]);
  });

  it('answers HEAD with the headers and no body', async () => {
    t = await attachmentsApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const doc = await upload(t, '1', PDF, 'plan.pdf');
    await t
      .as('1')
      .post(`/api/threads/${threadId}/messages`)
      .send({ body: 'Plan', attachmentIds: [doc.body.attachment.id] });
    const head = await request(t.app).head(`${t.mount}/attachments/${doc.body.attachment.id}`).set('x-test-user', '2');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(PDF.length));
    expect(head.headers['content-disposition']).toBe("attachment; filename*=UTF-8''plan.pdf");
  });

  it('with attachments off: no upload route, attachmentIds refused, nothing stored', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const before = await t.counts();
    const up = await t.as('1').post('/api/attachments').attach('file', PDF, 'a.pdf');
    expect(up.status).toBe(404);
    expect(up.body.error.code).toBe('not_found');
    const send = await t
      .as('1')
      .post(`/api/threads/${threadId}/messages`)
      .send({ body: 'x', attachmentIds: ['abcdefghijklmnopqrstuv'] });
    expect(send.status).toBe(400);
    expect(send.body.error.details).toEqual([{ in: 'body', field: 'attachmentIds', message: 'attachments are off on this site' }]);
    expect(await t.counts()).toEqual(before);
    expect(await attachmentRows(t)).toEqual({ attachments: 0, chunks: 0 });
  });
});
