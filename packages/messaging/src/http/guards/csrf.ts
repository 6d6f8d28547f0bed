import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HttpContext } from '../http-context.js';
import { MessagingError } from '../../errors.js';
import { currentViewer } from './viewer.js';
import { type MaybePromise, whenKnown } from '../../shared/maybe-promise.js';

/** What {@link createCsrfProtection} returns. */
export interface CsrfProtection {
  /**
   * Refuses a cross-site state change with 403 `csrf_rejected` (see the HTTP contract).
   * Mount it after the body parsers, since the token may come in the `_csrf` form field.
   */
  guard: RequestHandler;
  /** The token to put in a form's hidden `_csrf` field (the host's own where it has `req.csrfToken()`). */
  token(req: Request): Promise<string>;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type HostCsrfRequest = Request & { csrfToken?: () => string };

/**
 * The router's CSRF defence, in the order a browser gives us evidence:
 * 1. Fetch Metadata: `Sec-Fetch-Site: cross-site` or `same-site` is refused.
 * 2. Origin: an `Origin` naming another origin than the request's own is refused.
 * 3. A request with neither header (old browsers, scripts) needs a token in the `_csrf`
 *    field or the `X-CSRF-Token` header. Where the host provides `req.csrfToken()` (csurf
 *    and compatible), its middleware has already checked the token, so this step defers.
 *
 * Own tokens are HMAC-SHA256 over the viewer's id with `secret`, the deployment's secret
 * (services/settings/secrets.ts: one for every process, read once per instance). A visitor is
 * let through step 3: the routes behind it refuse visitors anyway. createMessaging makes one
 * per instance for all its routers, so the proxy warning is said once.
 */
export function createCsrfProtection(ctx: HttpContext, secret: () => Promise<Buffer>): CsrfProtection {
  let warned = false;

  /**
   * The browser says same-origin but the Origin differs from what Express computes: almost
   * always a proxy in front of an app without `trust proxy`. Said once, so a host can fix it.
   */
  function warnProxyOnce(origin: string, expected: string) {
    if (warned) return;
    warned = true;
    ctx.logger.warn({ origin, expected }, "messaging: refused a same-origin form post whose Origin differs from the request's own; behind a proxy, set app.set('trust proxy', …)");
  }

  async function ownToken(req: Request): Promise<string> {
    const viewer = (await currentViewer(ctx, req)) ?? '';
    return createHmac('sha256', await secret())
      .update(`csrf:${viewer}`)
      .digest('base64url');
  }

  /** Throws when the request is refused. Fetch Metadata and Origin decide at once; only a token is awaited. */
  function check(req: HostCsrfRequest): MaybePromise<void> {
    if (!STATE_CHANGING.has(req.method)) return;
    const site = req.get('sec-fetch-site')?.toLowerCase();
    // `Origin: null` names no origin: Chromium sends it on same-origin form posts under
    // helmet's default `Referrer-Policy: no-referrer`. It proves nothing either way, so
    // Fetch Metadata decides, else the token (a sandboxed frame has none).
    const header = req.get('origin');
    const origin = header === 'null' ? undefined : header;
    if (site === 'cross-site' || site === 'same-site') throw rejected('cross-site request');
    if (origin !== undefined && !sameOrigin(origin, ownOrigin(req))) {
      if (site === 'same-origin') warnProxyOnce(origin, ownOrigin(req));
      throw rejected('foreign origin');
    }
    if (site !== undefined || origin !== undefined) return;
    if (typeof req.csrfToken === 'function') return;
    return checkToken(req);
  }

  async function checkToken(req: Request): Promise<void> {
    if ((await currentViewer(ctx, req)) === null) return;
    const sent = sentToken(req);
    if (!sent || !equal(sent, await ownToken(req))) throw rejected('missing or invalid token');
  }

  return {
    guard: function messagingCsrfGuard(req: Request, _res: Response, next: NextFunction) {
      whenKnown(
        () => check(req),
        () => next(),
        next,
      );
    },
    async token(req: HostCsrfRequest) {
      return typeof req.csrfToken === 'function' ? req.csrfToken() : ownToken(req);
    },
  };
}

function rejected(reason: string): MessagingError {
  return new MessagingError('csrf_rejected', undefined, { details: { reason } });
}

/**
 * The request's own origin as Express sees it: `req.protocol` honours X-Forwarded-Proto,
 * and X-Forwarded-Host is used only when the app's `trust proxy` trusts the peer (what
 * Express itself does for `req.hostname`), so a direct client cannot fake it.
 */
function ownOrigin(req: Request): string {
  let host = req.get('host') ?? '';
  const forwarded = req.get('x-forwarded-host');
  const trust = req.app?.get('trust proxy fn') as ((addr: string | undefined, i: number) => boolean) | undefined;
  if (forwarded && typeof trust === 'function' && trust(req.socket?.remoteAddress, 0)) {
    host = forwarded.split(',')[0]!.trim();
  }
  return `${req.protocol}://${host}`;
}

function sameOrigin(origin: string, own: string): boolean {
  try {
    return origin !== 'null' && new URL(origin).origin === new URL(own).origin;
  } catch {
    return false;
  }
}

function sentToken(req: Request): string | undefined {
  const header = req.get('x-csrf-token');
  if (header) return header;
  const field = (req.body as Record<string, unknown> | undefined)?._csrf;
  return typeof field === 'string' ? field : undefined;
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
