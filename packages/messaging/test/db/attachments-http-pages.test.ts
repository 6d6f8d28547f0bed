import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { attachmentRows, attachmentsApp, csrfOf, PDF, png } from './attachments-http-fixture.js';

/**
 * The compose and reply forms with files, as a browser without JavaScript sends them: one
 * multipart post with `_csrf` first, the text, then the files; refused files come back as the
 * form with its error and the text kept, and nothing stored.
 */

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

describe(`attachment forms on ${TEST_DIALECT}`, () => {
  it('keeps the forms urlencoded without a file input when attachments are off', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const page = await t.as('1').get(`/threads/${threadId}`);
    expect(page.text).not.toContain('multipart/form-data');
    expect(page.text).not.toContain('type="file"');
    const compose = await t.as('1').get('/new?to=2');
    expect(compose.text).not.toContain('type="file"');
    // A multipart post is not read when attachments are off: the form is not sent.
    const res = await t.as('1').post(`/threads/${threadId}`).field('_csrf', csrfOf(page.text)).field('body', 'Hi').attach('files', PDF, 'a.pdf');
    expect(res.status).toBe(400);
    expect(await attachmentRows(t)).toEqual({ attachments: 0, chunks: 0 });
  });

  it('sends a reply with a photo and a PDF from the multipart form, and shows them on the thread page', async () => {
    t = await attachmentsApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const page = await t.as('1').get(`/threads/${threadId}`);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('<input type="file" id="messaging-files" name="files" multiple accept="image/jpeg,image/png,image/gif,image/webp,application/pdf"');
    const res = await t
      .as('1')
      .post(`/threads/${threadId}`)
      .field('_csrf', csrfOf(page.text))
      .field('body', 'The photo and the plan')
      .attach('files', await png(), { filename: 'photo.png', contentType: 'image/png' })
      .attach('files', PDF, { filename: 'plan.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(303);
    const bobs = await t.as('2').get(`/threads/${threadId}`);
    expect(bobs.text).toMatch(/<img src="\/messages\/attachments\/[\w-]+\/thumbnail" alt="photo.png"/);
    expect(bobs.text).toMatch(/download data-messaging-attachment><bdi>plan.pdf<\/bdi><\/a> <span class="m-meta">\(\d+ bytes\)<\/span>/);
    expect((await attachmentRows(t)).attachments).toBe(2);
  });

  it('starts a conversation with a file from the compose form, and sends a form whose file input was left empty', async () => {
    t = await attachmentsApp();
    const compose = await t.as('1').get('/new?to=2');
    expect(compose.text).toContain('enctype="multipart/form-data"');
    const started = await t.as('1').post('/').field('_csrf', csrfOf(compose.text)).field('to', '2').field('body', 'See the plan').attach('files', PDF, 'plan.pdf');
    expect(started.status).toBe(303);
    // A group: one hidden `to` field per member, as the compose page renders them.
    const group = await t
      .as('1')
      .post('/')
      .field('_csrf', csrfOf(compose.text))
      .field('to', '2')
      .field('to', '3')
      .field('to', '4')
      .field('body', 'For all')
      .attach('files', PDF, 'all.pdf');
    expect(group.status).toBe(303);
    expect((await t.as('4').get(group.headers.location!.replace('/messages', ''))).text).toContain('<bdi>all.pdf</bdi>');
    const thread = await t.as('2').get(started.headers.location!.replace('/messages', ''));
    expect(thread.text).toContain('<bdi>plan.pdf</bdi>');
    // A browser sends an empty file part for an input left empty.
    const empty = await t
      .as('1')
      .post(started.headers.location!.replace('/messages', ''))
      .field('_csrf', csrfOf(compose.text))
      .field('body', 'No file this time')
      .attach('files', Buffer.alloc(0), { filename: '', contentType: 'application/octet-stream' });
    expect(empty.status).toBe(303);
    expect((await attachmentRows(t)).attachments).toBe(2);
  });

  it('a photo may go without words (form and API); without a file an empty message is still refused', async () => {
    t = await attachmentsApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const page = await t.as('1').get(`/threads/${threadId}`);
    // The text box does not insist: the file alone may be the message.
    expect(page.text).not.toMatch(/<textarea[^>]*name="body"[^>]*required/);
    const photoOnly = await t
      .as('1')
      .post(`/threads/${threadId}`)
      .field('_csrf', csrfOf(page.text))
      .field('body', '  ')
      .attach('files', await png(), { filename: 'photo.png', contentType: 'image/png' });
    expect(photoOnly.status).toBe(303);
    const empty = await t.as('1').post(`/threads/${threadId}`).field('_csrf', csrfOf(page.text)).field('body', '');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Write a message first.');

    const uploaded = await t.as('2').post('/api/attachments').attach('file', PDF, { filename: 'plan.pdf', contentType: 'application/pdf' });
    const reply = await t
      .as('2')
      .post(`/api/threads/${threadId}/messages`)
      .send({ body: '', attachmentIds: [uploaded.body.attachment.id] });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({ body: '', attachments: [{ name: 'plan.pdf' }] });
    const noFile = await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: '' });
    expect(noFile.status).toBe(400);

    // The inbox says what came, rather than an empty line.
    const inbox = await t.as('1').get('/api/threads');
    expect(inbox.body.threads[0].lastMessage.preview).toBe('Sent a file');
    expect((await t.counts()).messages).toBe(3);
  });

  it('shows the form again with the error and the text kept for a file too large, of a refused type or too many, storing nothing', async () => {
    t = await attachmentsApp({ maxFileBytes: 4096, maxFilesPerMessage: 2 });
    const { threadId } = await startThread(t, '1', ['2']);
    const page = await t.as('1').get(`/threads/${threadId}`);
    const before = { ...(await t.counts()), ...(await attachmentRows(t)) };
    const reply = () => t.as('1').post(`/threads/${threadId}`).field('_csrf', csrfOf(page.text)).field('body', 'Kept text');
    const cases: Array<[request.Test, number, RegExp]> = [
      [
        reply()
          .attach('files', PDF, 'ok.pdf')
          .attach('files', Buffer.concat([PDF, Buffer.alloc(8192, 32)]), 'big.pdf'),
        413,
        /too large/,
      ],
      [reply().attach('files', Buffer.from('<html><script>alert(1)</script>'), 'page.html'), 415, /cannot be sent/],
      [reply().attach('files', PDF, 'a.pdf').attach('files', PDF, 'b.pdf').attach('files', PDF, 'c.pdf'), 413, /At most 2 files/],
    ];
    for (const [attempt, status, message] of cases) {
      const res = await attempt;
      expect(res.status).toBe(status);
      expect(res.text, res.text.slice(res.text.indexOf('m-error'), res.text.indexOf('m-error') + 300)).toMatch(message);
      expect(res.text).toContain('id="messaging-files-error"');
      expect(res.text).toContain('>Kept text</textarea>');
    }
    // A text refusal after the files were staged takes them away again.
    const refused = await t.as('1').post(`/threads/${threadId}`).field('_csrf', csrfOf(page.text)).field('body', 'bell \u0007').attach('files', PDF, 'a.pdf');
    expect(refused.status).toBe(400);
    expect({ ...(await t.counts()), ...(await attachmentRows(t)) }).toEqual(before);
  });

  it("shows the form again for a file the host's inspect hook refuses (422) and past the daily bytes (429, Retry-After), storing nothing", async () => {
    t = await attachmentsApp({ inspect: (file) => file.name !== 'infected.pdf', maxBytesPerMemberPerDay: PDF.length });
    const { threadId } = await startThread(t, '1', ['2']);
    const page = await t.as('1').get(`/threads/${threadId}`);
    const before = { ...(await t.counts()), ...(await attachmentRows(t)) };
    const reply = () => t.as('1').post(`/threads/${threadId}`).field('_csrf', csrfOf(page.text)).field('body', 'Kept text');
    const refused = await reply().attach('files', PDF, 'infected.pdf');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="messaging-files-error"');
    expect(refused.text).toContain('>Kept text</textarea>');
    expect({ ...(await t.counts()), ...(await attachmentRows(t)) }).toEqual(before);
    expect((await reply().attach('files', PDF, 'clean.pdf')).status).toBe(303);
    const capped = await reply().attach('files', PDF, 'more.pdf');
    expect(capped.status).toBe(429);
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0);
    expect(capped.text).toContain('id="messaging-files-error"');
    expect((await attachmentRows(t)).attachments).toBe(1);
  });

  it('refuses a multipart form without a valid token before storing its files', async () => {
    t = await attachmentsApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const before = { ...(await t.counts()), ...(await attachmentRows(t)) };
    const bare = () => request(t.app).post(`${t.mount}/threads/${threadId}`).set('x-test-user', '1');
    expect((await bare().field('body', 'x').attach('files', PDF, 'a.pdf')).status).toBe(403);
    expect((await bare().field('_csrf', 'forged').field('body', 'x').attach('files', PDF, 'a.pdf')).status).toBe(403);
    expect((await bare().set('Sec-Fetch-Site', 'cross-site').field('body', 'x').attach('files', PDF, 'a.pdf')).status).toBe(403);
    expect({ ...(await t.counts()), ...(await attachmentRows(t)) }).toEqual(before);
  });
});
