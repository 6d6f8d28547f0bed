import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { isMessagingError } from '../../src/errors.js';
import { createCsrfProtection } from '../../src/http/guards/csrf.js';
import { requireEnabled } from '../../src/http/guards/require-enabled.js';
import { requireViewer, viewerId } from '../../src/http/guards/viewer.js';
import type { HttpContext } from '../../src/http/http-context.js';
import { notingSameTick } from '../helpers/same-tick.js';

/**
 * The router's guards (the switch, the signed-in member, CSRF) go on in the same tick when
 * what they check is known at once, as `locals()` does, and wait only for a promise. `/x`
 * answers whether the guard handed the request on before returning, and its error's code.
 */
function behind(guard: RequestHandler) {
  const app = express();
  app.use(express.json());
  app.use(notingSameTick(guard));
  app.all('/x', (_req, res) => {
    res.json({ passed: true, sameTick: res.locals.sameTick, viewer: res.locals.viewer });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res
      .status(isMessagingError(err) ? err.status : 500)
      .json({ passed: false, sameTick: res.locals.sameTick, code: isMessagingError(err) ? err.code : String((err as Error).message) });
  });
  return app;
}

const ctxWith = (currentUserId: (req: Request) => unknown) => ({ options: { currentUserId }, logger: { info() {}, warn() {}, error() {} } }) as unknown as HttpContext;

describe('the router guards hand a request on in the same tick when nothing needs waiting for', () => {
  it('the switch: a cached or synchronous answer at once, a promise waited for, a throw as the error', async () => {
    const at = (isEnabled: () => boolean | Promise<boolean>) => request(behind(requireEnabled({ isEnabled }))).get('/x');
    expect((await at(() => true)).body).toEqual({ passed: true, sameTick: true });
    expect((await at(async () => true)).body).toEqual({ passed: true, sameTick: false });
    expect(await at(() => false)).toMatchObject({ status: 404, body: { passed: false, sameTick: true, code: 'messaging_disabled' } });
    expect(await at(async () => false)).toMatchObject({ status: 404, body: { passed: false, sameTick: false, code: 'messaging_disabled' } });
    const broken = await at(() => {
      throw new Error('settings table is gone');
    });
    expect(broken).toMatchObject({ status: 500, body: { passed: false, code: 'settings table is gone' } });
  });

  it('the member: a synchronous currentUserId at once, a promise waited for, a visitor refused either way', async () => {
    const guard = (currentUserId: (req: Request) => unknown) => {
      const viewer = requireViewer(ctxWith(currentUserId), 'json');
      return (req: Request, res: Response, next: NextFunction) =>
        viewer(req, res, (err?: unknown) => {
          if (!err) res.locals.viewer = viewerId(res);
          next(err);
        });
    };
    expect((await request(behind(guard(() => '7'))).get('/x')).body).toEqual({ passed: true, sameTick: true, viewer: '7' });
    expect((await request(behind(guard(async () => 7))).get('/x')).body).toEqual({ passed: true, sameTick: false, viewer: '7' });
    expect(await request(behind(guard(() => null))).get('/x')).toMatchObject({ status: 401, body: { sameTick: true, code: 'unauthenticated' } });
    expect(await request(behind(guard(async () => undefined))).get('/x')).toMatchObject({ status: 401, body: { sameTick: false, code: 'unauthenticated' } });
  });

  it('CSRF: Fetch Metadata and Origin decide at once; a form token is checked after the secret is read', async () => {
    const secret = async () => Buffer.alloc(32, 1);
    const csrf = createCsrfProtection(
      ctxWith((req) => req.get('x-user') ?? null),
      secret,
    );
    const app = behind(csrf.guard);
    const post = () => request(app).post('/x').set('x-user', '7').send({ body: 'hi' });
    expect((await post().set('sec-fetch-site', 'same-origin')).body).toEqual({ passed: true, sameTick: true });
    expect(await post().set('sec-fetch-site', 'cross-site')).toMatchObject({ status: 403, body: { sameTick: true, code: 'csrf_rejected' } });
    expect(await post().set('origin', 'https://evil.example')).toMatchObject({ status: 403, body: { sameTick: true, code: 'csrf_rejected' } });
    // No browser headers: the token decides, after the secret (a promise) is read.
    expect(await post()).toMatchObject({ status: 403, body: { sameTick: false, code: 'csrf_rejected' } });
    const token = await csrf.token({ get: (name: string) => (name === 'x-user' ? '7' : undefined) } as unknown as Request);
    expect((await post().set('x-csrf-token', token)).body).toEqual({ passed: true, sameTick: false });
    // A read needs no check at all.
    expect((await request(app).get('/x')).body).toEqual({ passed: true, sameTick: true });
  });
});
