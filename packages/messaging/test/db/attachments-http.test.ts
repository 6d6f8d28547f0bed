import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttachmentOptions } from '../../src/attachment-options.js';
import { type HttpTestApp, startThread } from '../helpers/http-app.js';
import { attachmentRows, attachmentsApp, PDF, png, upload } from './attachments-http-fixture.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/**
 * Attachments over HTTP: upload, send with `attachmentIds`, fetch as a participant with the
 * headers that keep a file from running on the origin; everyone else gets 404.
 */

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

async function app(options: AttachmentOptions = {}): Promise<HttpTestApp> {
  t = await attachmentsApp(options);
  return t;
}

describe(`attachments over HTTP on ${TEST_DIALECT}`, () => {
  it('uploads, sends with attachmentIds and serves the files to participants with the safe headers', async () => {
    const h = await app();
    const { threadId } = await startThread(h, '1', ['2']);
    const photo = await upload(h, '1', await png(), 'cat.png', 'image/png');
    expect(photo.status).toBe(201);
    expect(photo.body.attachment).toMatchObject({ name: 'cat.png', contentType: 'image/png', width: 40, height: 30 });
    const doc = await upload(h, '1', PDF, 'Plan (final); é.pdf');
    expect(doc.status).toBe(201);
    expect(doc.body.attachment).toMatchObject({ contentType: 'application/pdf', size: PDF.length });

    const sent = await h
      .as('1')
      .post(`/api/threads/${threadId}/messages`)
      .send({ body: 'Photo and plan', attachmentIds: [photo.body.attachment.id, doc.body.attachment.id] });
    expect(sent.status).toBe(201);
    expect(sent.body.message.attachments.map((a: { id: string }) => a.id)).toEqual([photo.body.attachment.id, doc.body.attachment.id]);

    // Bob, the other participant, gets the PDF as a download, byte for byte.
    const file = await h.as('2').get(`/attachments/${doc.body.attachment.id}`).buffer(true);
    expect(file.status).toBe(200);
    expect(Buffer.from(file.body).equals(PDF)).toBe(true);
    expect(file.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(PDF.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=600',
      'cross-origin-resource-policy': 'same-origin',
      'content-disposition': "attachment; filename*=UTF-8''Plan%20%28final%29%3B%20%C3%A9.pdf",
    });
    // The photo shows inline, and so does its thumbnail.
    const image = await h.as('2').get(`/attachments/${photo.body.attachment.id}`);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-disposition']).toBe("inline; filename*=UTF-8''cat.png");
    expect(image.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    const thumb = await h.as('1').get(`/attachments/${photo.body.attachment.id}/thumbnail`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toMatch(/^image\/(webp|jpeg)$/);
    expect(thumb.headers['content-disposition']).toMatch(/^inline; /);
    expect(Number(thumb.headers['content-length'])).toBe(thumb.body.length);

    // The thread page shows the thumbnail linking to the photo, and the PDF as a named download with its size.
    const page = await h.as('2').get(`/threads/${threadId}`);
    const base = `${h.mount}/attachments/${photo.body.attachment.id}`;
    expect(page.text).toContain(`<a href="${base}" data-messaging-attachment><img src="${base}/thumbnail" alt="cat.png" width="40" height="30" loading="lazy"></a>`);
    expect(page.text).toContain(
      `<a href="${h.mount}/attachments/${doc.body.attachment.id}" download data-messaging-attachment><bdi>Plan (final); é.pdf</bdi></a> <span class="m-meta">(${PDF.length} bytes)</span>`,
    );
  });

  it('answers 404 to a non-participant, a visitor and an unknown id, and messaging_disabled when off', async () => {
    const h = await app();
    const { threadId } = await startThread(h, '1', ['2']);
    const doc = await upload(h, '1', PDF, 'plan.pdf');
    await h
      .as('1')
      .post(`/api/threads/${threadId}/messages`)
      .send({ body: 'Plan', attachmentIds: [doc.body.attachment.id] });
    const id = doc.body.attachment.id;
    const missingThread = await h.as('3').get(`/threads/${threadId}`);
    expect(missingThread.status).toBe(404);
    for (const res of [
      await h.as('3').get(`/attachments/${id}`),
      await h.as('3').get(`/attachments/${id}/thumbnail`),
      await h.as(null).get(`/attachments/${id}`),
      await h.as('1').get('/attachments/AAAAAAAAAAAAAAAAAAAAAA'),
      await h.as('1').get('/attachments/..%2F..%2Fetc'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.text).toContain('This conversation does not exist, or you are not part of it.');
      expect(res.headers['content-disposition']).toBeUndefined();
    }
    // An upload not sent yet is its uploader's only, even for the other member of the thread.
    const staged = await upload(h, '1', PDF, 'draft.pdf');
    expect((await h.as('1').get(`/attachments/${staged.body.attachment.id}`)).status).toBe(200);
    expect((await h.as('2').get(`/attachments/${staged.body.attachment.id}`)).status).toBe(404);
    await h.messaging.toggle.setEnabled(false, null);
    const off = await h.as('1').get(`/attachments/${id}`);
    expect(off.status).toBe(404);
    expect(off.text).toContain('Messaging is switched off');
  });

  it('refuses an oversized file (413), a refused type (415), a body that is not multipart (415) and the daily cap (429), storing nothing', async () => {
    const h = await app({ maxFileBytes: 4096, maxBytesPerMemberPerDay: 3 * PDF.length });
    const before = await attachmentRows(h);
    const big = await upload(h, '1', Buffer.concat([PDF, Buffer.alloc(8192, 32)]), 'big.pdf');
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const html = await upload(h, '1', Buffer.from('<!doctype html><script>alert(1)</script>'), 'x.png', 'image/png');
    expect(html.status).toBe(415);
    expect(html.body.error.code).toBe('unsupported_media_type');
    const svg = await upload(h, '1', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.svg', 'image/svg+xml');
    expect(svg.status).toBe(415);
    const json = await h.as('1').post('/api/attachments').send({ file: 'x' });
    expect(json.status).toBe(415);
    const two = await h.as('1').post('/api/attachments').attach('file', PDF, 'a.pdf').attach('file', PDF, 'b.pdf');
    expect(two.status).toBe(413);
    const noFile = await h.as('1').post('/api/attachments').field('note', 'x');
    expect(noFile.status).toBe(400);
    const malformed = await h
      .as('1')
      .post('/api/attachments')
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4');
    expect(malformed.status).toBe(400);
    expect(await attachmentRows(h)).toEqual(before);

    for (let i = 0; i < 3; i += 1) expect((await upload(h, '1', PDF, `ok-${i}.pdf`)).status).toBe(201);
    const counted = await attachmentRows(h);
    const capped = await upload(h, '1', PDF, 'one-more.pdf');
    expect(capped.status).toBe(429);
    expect(capped.body.error.code).toBe('rate_limited');
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0);
    expect(await attachmentRows(h)).toEqual(counted);
  });

  it('refuses a multipart upload without a CSRF token before storing anything; a _csrf field before the file passes', async () => {
    const h = await app();
    const bare = () => request(h.app).post(`${h.mount}/api/attachments`).set('x-test-user', '1');
    const before = await attachmentRows(h);
    expect((await bare().attach('file', PDF, 'a.pdf')).status).toBe(403);
    expect((await bare().field('_csrf', 'forged').attach('file', PDF, 'a.pdf')).status).toBe(403);
    expect((await bare().set('Sec-Fetch-Site', 'cross-site').attach('file', PDF, 'a.pdf')).status).toBe(403);
    expect((await bare().set('Origin', 'https://evil.example').attach('file', PDF, 'a.pdf')).status).toBe(403);
    // The token after the file comes too late: the file would have to be stored before it is checked.
    const token = (await h.as('1').get('/api/csrf')).body.token;
    expect((await bare().attach('file', PDF, 'a.pdf').field('_csrf', token)).status).toBe(403);
    expect(await attachmentRows(h)).toEqual(before);
    expect((await bare().field('_csrf', token).attach('file', PDF, 'a.pdf')).status).toBe(201);
    expect((await bare().set('X-CSRF-Token', token).attach('file', PDF, 'a.pdf')).status).toBe(201);
  });

  it("refuses attachmentIds of someone else's upload (400) and stores nothing", async () => {
    const h = await app();
    const { threadId } = await startThread(h, '1', ['2']);
    const bobs = await upload(h, '2', PDF, 'bob.pdf');
    const before = { ...(await h.counts()), ...(await attachmentRows(h)) };
    for (const attachmentIds of [[bobs.body.attachment.id], ['AAAAAAAAAAAAAAAAAAAAAA'], ['x'.repeat(500)], [42], 'not-an-array']) {
      const res = await h.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'Mine now', attachmentIds });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    const start = await h
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['3'], body: 'Hi', attachmentIds: [bobs.body.attachment.id] });
    expect(start.status).toBe(400);
    expect({ ...(await h.counts()), ...(await attachmentRows(h)) }).toEqual(before);
    // Still Bob's to send.
    expect(
      (
        await h
          .as('2')
          .post(`/api/threads/${threadId}/messages`)
          .send({ body: 'Mine', attachmentIds: [bobs.body.attachment.id] })
      ).status,
    ).toBe(201);
  });
});
