import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HttpTestApp } from '../helpers/http-app.js';
import { startThread } from '../helpers/http-app.js';
import { attachmentsApp, csrfOf, PDF, upload } from './attachments-http-fixture.js';

// The whole package sees Express 4 here, as in a host that still runs it (peer ^4.21.2).
vi.mock('express', async () => {
  const { createRequire: requireFrom } = await import('node:module');
  const express4 = requireFrom(import.meta.url)('express4');
  return { default: express4, ...express4 };
});

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

describe('attachments on Express 4', () => {
  it('uploads, sends from the form and over the API, and serves the file', async () => {
    t = await attachmentsApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const doc = await upload(t, '1', PDF, 'plan.pdf');
    expect(doc.status).toBe(201);
    const sent = await t
      .as('1')
      .post(`/api/threads/${threadId}/messages`)
      .send({ body: 'Plan', attachmentIds: [doc.body.attachment.id] });
    expect(sent.status).toBe(201);
    const file = await t.as('2').get(`/attachments/${doc.body.attachment.id}`).buffer(true);
    expect(file.status).toBe(200);
    expect(Buffer.from(file.body).equals(PDF)).toBe(true);
    expect(file.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    const page = await t.as('2').get(`/threads/${threadId}`);
    const reply = await t.as('2').post(`/threads/${threadId}`).field('_csrf', csrfOf(page.text)).field('body', 'Mine too').attach('files', PDF, 'mine.pdf');
    expect(reply.status).toBe(303);
    expect((await t.as('1').get(`/threads/${threadId}`)).text).toContain('<bdi>mine.pdf</bdi>');
  });
});
