import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTACHMENT_OPTIONS } from '../../src/attachment-options.js';
import { createContext } from '../../src/create-messaging.js';
import { MessagingError } from '../../src/errors.js';
import { createAttachmentApiRoutes, createAttachmentFileRoutes } from '../../src/http/attachments/attachment-routes.js';
import type { AttachmentRouteService } from '../../src/http/attachments/dependencies.js';
import { createErrorHandler } from '../../src/http/responses/errors.js';
import { validateOptions } from '../../src/options.js';

/**
 * The attachment routes over a stand-in service (the real one is tested over the database in
 * test/db/attachments-http*.test.ts): what they check before the service, and how they stream.
 */

const ID = 'abcdefghijklmnopqrstuv';

function fakeService(overrides: Partial<AttachmentRouteService> = {}) {
  const calls: string[] = [];
  const opened: Readable[] = [];
  const service: AttachmentRouteService = {
    options: { ...DEFAULT_ATTACHMENT_OPTIONS, maxFileBytes: 1000, storage: undefined, inspect: undefined },
    stage: async (uploaderId, file) => {
      let size = 0;
      for await (const chunk of file.stream as Readable) size += (chunk as Buffer).length;
      calls.push(`stage:${uploaderId}:${file.name}:${size}`);
      return { id: ID, name: file.name, contentType: 'application/pdf', size, url: `attachments/${ID}`, status: 'staged' };
    },
    open: async (viewerId, id, variant) => {
      calls.push(`open:${viewerId}:${id}:${variant}`);
      if (viewerId !== '1' || id !== ID) return null;
      // An endless file, so that only a client going away ends it.
      const stream = new Readable({
        read() {
          this.push(Buffer.alloc(16 * 1024, 65));
        },
      });
      opened.push(stream);
      return { meta: { id, name: 'plan.pdf', contentType: 'application/pdf', size: 10_000_000, url: `attachments/${id}` }, contentType: 'application/pdf', stream };
    },
    discard: async (uploaderId, ids) => {
      calls.push(`discard:${uploaderId}:${ids.join(',')}`);
    },
    ...overrides,
  };
  return { service, calls, opened };
}

function appWith(service: AttachmentRouteService, enabled = true) {
  const ctx = createContext(
    validateOptions({ database: { sqlite: ':memory:' }, users: { getUsers: async () => [] }, currentUserId: (req: any) => req.headers['x-test-user'] ?? null }),
  );
  const csrf = {
    guard: (req: Request, _res: Response, next: NextFunction) =>
      next(req.get('x-csrf-token') === 'ok' || (req.body as { _csrf?: string })?._csrf === 'ok' ? undefined : new MessagingError('csrf_rejected')),
  };
  const app = express();
  app.use('/m/api', createAttachmentApiRoutes(ctx, service, { csrf, writeAttempt: (_req, _res, next) => next() }));
  app.use('/m', createAttachmentFileRoutes(ctx, service, { isEnabled: () => enabled }));
  app.use('/m', createErrorHandler(ctx));
  return { app, ctx };
}

describe('attachment routes', () => {
  it('checks the token before the service sees a byte, and answers 201 with the staged upload', async () => {
    const { service, calls } = fakeService();
    const { app } = appWith(service);
    const post = () => request(app).post('/m/api/attachments').set('x-test-user', '1');
    expect((await post().attach('file', Buffer.alloc(10), 'a.pdf')).status).toBe(403);
    expect((await post().attach('file', Buffer.alloc(10), 'a.pdf').field('_csrf', 'ok')).status).toBe(403);
    expect((await request(app).post('/m/api/attachments').attach('file', Buffer.alloc(10), 'a.pdf')).status).toBe(401);
    expect((await post().set('x-csrf-token', 'ok').send({ file: 'x' })).status).toBe(415);
    expect(calls).toEqual([]);
    const ok = await post().field('_csrf', 'ok').attach('file', Buffer.alloc(10), 'a.pdf');
    expect(ok.status).toBe(201);
    expect(ok.body.attachment).toMatchObject({ id: ID, name: 'a.pdf', size: 10 });
    expect(calls).toEqual(['stage:1:a.pdf:10']);
  });

  it('leaves nothing staged when the request fails after a file (a second file)', async () => {
    const { service, calls } = fakeService();
    service.options = { ...service.options, maxFileBytes: 1_000_000 };
    const { app } = appWith(service);
    // The first file is big enough to be staged before the second one's headers arrive.
    const res = await request(app)
      .post('/m/api/attachments')
      .set('x-test-user', '1')
      .set('x-csrf-token', 'ok')
      .attach('file', Buffer.alloc(500_000), 'a.pdf')
      .attach('file', Buffer.alloc(10), 'b.pdf');
    expect(res.status).toBe(413);
    // Either the first file's read was cut short (never staged) or it was staged and discarded.
    const staged = calls.filter((c) => c.startsWith('stage:')).length;
    expect(calls.filter((c) => c.startsWith('discard:')).length).toBe(staged);
  });

  it('answers 404 to others, visitors and malformed ids without asking for the file, and messaging_disabled when off', async () => {
    const { service, calls } = fakeService();
    const { app } = appWith(service);
    expect((await request(app).get(`/m/attachments/${ID}`).set('x-test-user', '2')).status).toBe(404);
    expect((await request(app).get(`/m/attachments/${ID}`)).status).toBe(404);
    expect((await request(app).get('/m/attachments/short').set('x-test-user', '1')).status).toBe(404);
    expect(calls).toEqual([`open:2:${ID}:original`]);
    const off = await request(appWith(service, false).app).get(`/m/attachments/${ID}`).set('x-test-user', '1');
    expect(off.status).toBe(404);
    expect(off.text).toContain('Messaging is switched off');
  });

  it('stops reading the file when the client goes away', async () => {
    const { service, opened } = fakeService();
    const server = appWith(service).app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const req = httpRequest({ port, path: `/m/attachments/${ID}`, headers: { 'x-test-user': '1' } }, (res) => {
          res.once('data', () => {
            resolve(res.headers);
            req.destroy();
          });
        });
        req.on('error', () => undefined);
        req.on('timeout', reject);
        req.end();
      });
      expect(headers).toMatchObject({ 'content-type': 'application/pdf', 'content-length': '10000000', 'content-security-policy': "default-src 'none'; sandbox" });
      const deadline = Date.now() + 3000;
      while (!opened[0]?.destroyed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(opened[0]?.destroyed).toBe(true);
    } finally {
      server.close();
    }
  });
});
