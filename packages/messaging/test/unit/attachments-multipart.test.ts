import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { isMessagingError } from '../../src/errors.js';
import { type MultipartLimits, parseMultipart } from '../../src/http/attachments/multipart.js';

/**
 * The multipart layer alone (http/attachments/multipart.ts): files stream to the handler one at
 * a time, every limit stops the read with the contract's error, the guard runs before any file.
 */

const LIMITS: MultipartLimits = { maxFileBytes: 1000, maxFiles: 2, maxFields: 5, maxFieldBytes: 100, fileFields: ['file'] };

interface Seen {
  events: string[];
  result?: unknown;
  error?: { code: string; status: number };
  settled: Promise<void>;
}

/** An app whose one route parses with the given limits and guard, recording what happened. */
function parserApp(options: { limits?: Partial<MultipartLimits>; guard?: (fields: Record<string, unknown>) => Promise<void> } = {}) {
  const runs: Seen[] = [];
  const app = express();
  app.post('/upload', (req, res) => {
    let done!: () => void;
    const seen: Seen = { events: [], settled: new Promise((r) => (done = r)) };
    runs.push(seen);
    parseMultipart(
      req,
      { ...LIMITS, ...options.limits },
      {
        beforeFiles: async (fields) => {
          seen.events.push(`guard:${Object.keys(fields).join(',')}`);
          await options.guard?.(fields);
        },
        onFile: async (file) => {
          let bytes = 0;
          for await (const chunk of file.stream) bytes += (chunk as Buffer).length;
          seen.events.push(`file:${file.name}:${bytes}`);
          return bytes;
        },
      },
    ).then(
      (result) => {
        seen.result = result;
        res.status(200).json(result);
        done();
      },
      (err: unknown) => {
        seen.error = isMessagingError(err) ? { code: err.code, status: err.status } : { code: String(err), status: 500 };
        res.status(seen.error.status).json({ error: seen.error });
        done();
      },
    );
  });
  return { app, runs };
}

describe('multipart parsing', () => {
  it('hands each file on after the guard, with the fields before it, and returns fields and results', async () => {
    const { app, runs } = parserApp();
    const res = await request(app)
      .post('/upload')
      .field('_csrf', 't')
      .field('body', 'Hello')
      .attach('file', Buffer.alloc(300, 1), 'a.bin')
      .attach('file', Buffer.alloc(1000, 2), 'b.bin')
      .field('after', 'x');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ fields: { _csrf: 't', body: 'Hello', after: 'x' }, files: [300, 1000] });
    expect(runs[0]!.events).toEqual(['guard:_csrf,body', 'file:a.bin:300', 'file:b.bin:1000']);
  });

  it('runs the guard at the end when there is no file, and a refusing guard stops every file', async () => {
    const { app, runs } = parserApp({
      guard: async (fields) => {
        if (fields._csrf !== 'good') throw Object.assign(new Error('refused'), { name: 'MessagingError', code: 'csrf_rejected', status: 403 });
      },
    });
    expect((await request(app).post('/upload').field('_csrf', 'good').field('body', 'x')).status).toBe(200);
    const refused = await request(app).post('/upload').field('_csrf', 'bad').attach('file', Buffer.alloc(500), 'a.bin').attach('file', Buffer.alloc(500), 'b.bin');
    expect(refused.status).toBe(403);
    expect(runs[1]!.events).toEqual(['guard:_csrf']);
  });

  it('refuses with 413 a file over the size, too many files, a long field and too many fields', async () => {
    const { app, runs } = parserApp();
    const cases = [
      request(app).post('/upload').attach('file', Buffer.alloc(1001), 'big.bin'),
      request(app).post('/upload').attach('file', Buffer.alloc(10), 'a').attach('file', Buffer.alloc(10), 'b').attach('file', Buffer.alloc(10), 'c'),
      request(app).post('/upload').field('body', 'x'.repeat(101)),
      request(app).post('/upload').field('a', '1').field('b', '1').field('c', '1').field('d', '1').field('e', '1').field('f', '1'),
    ];
    for (const attempt of cases) {
      const res = await attempt;
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
    }
    // The oversized file never reached the end of its handler.
    expect(runs[0]!.events).toEqual(['guard:']);
  });

  it('refuses a declared length over every limit before reading it', async () => {
    const { app } = parserApp();
    const res = await request(app).post('/upload').set('Content-Type', 'multipart/form-data; boundary=x').send(Buffer.alloc(200_000, 'a'));
    expect(res.status).toBe(413);
  });

  it('answers 415 for another type, 400 for a body without boundary, a malformed or cut-off body, or a file in another field', async () => {
    const { app } = parserApp();
    expect((await request(app).post('/upload').send({ file: 'x' })).status).toBe(415);
    expect((await request(app).post('/upload').set('Content-Type', 'multipart/form-data').send('x')).status).toBe(400);
    const cut = '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nabc';
    expect((await request(app).post('/upload').set('Content-Type', 'multipart/form-data; boundary=xyz').send(cut)).status).toBe(400);
    expect((await request(app).post('/upload').attach('other', Buffer.alloc(10), 'a.bin')).status).toBe(400);
  });

  it('settles when the client goes away in the middle of a file, and the server keeps serving', async () => {
    const { app, runs } = parserApp({ limits: { maxFileBytes: 10_000_000 } });
    const server = app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const client = httpRequest({ port, method: 'POST', path: '/upload', headers: { 'Content-Type': 'multipart/form-data; boundary=xyz', 'Content-Length': '5000000' } });
      client.on('error', () => undefined);
      client.write('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n');
      client.write(Buffer.alloc(64 * 1024));
      await new Promise((r) => setTimeout(r, 100));
      client.destroy();
      await Promise.race([
        runs[0]?.settled ?? new Promise((r) => setTimeout(r, 50)),
        new Promise((_, reject) => setTimeout(() => reject(new Error('the parse never settled')), 3000)),
      ]);
      await runs[0]!.settled;
      expect(runs[0]!.error?.code).toBe('invalid_request');
      expect((await request(server).post('/upload').field('a', 'b')).status).toBe(200);
    } finally {
      server.close();
    }
  });
});
