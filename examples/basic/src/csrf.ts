import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    csrfSecret?: string;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The session's CSRF token (the shape csurf gives, so @org/messaging uses it too). */
      csrfToken(): string;
    }
  }
}

/** Where app.ts mounts the messaging router, plus the package's unsubscribe route. */
const ONE_CLICK_UNSUBSCRIBE = '/messages/unsubscribe';
/** Where app.ts mounts the messaging router. */
const MESSAGING_MOUNT = '/messages/';

/**
 * The host's own small CSRF defence: one random token per session, required in the `_csrf`
 * field (or `X-CSRF-Token` header) of every state-changing request. It also provides
 * `req.csrfToken()`, which the messaging router picks up, so its forms carry the same token.
 */
export function csrfProtection(req: Request, res: Response, next: NextFunction): void {
  req.csrfToken = () => {
    req.session.csrfSecret ??= randomBytes(24).toString('base64url');
    return req.session.csrfSecret;
  };
  res.locals.csrfToken = () => req.csrfToken();
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  // The package's one-click unsubscribe (RFC 8058): a mail provider posts it without any session,
  // and the signed token in its URL is the proof, so it carries no CSRF token (docs/notifications.md).
  if (req.method === 'POST' && req.path === ONE_CLICK_UNSUBSCRIBE) return next();
  // A messaging form with files (multipart/form-data): its `_csrf` field is inside a body that
  // only the package reads, streaming, so here the browser's Fetch Metadata decides. A same-origin
  // request goes on (the package checks Fetch Metadata and Origin again before it stores a byte);
  // any other is refused below. A browser too old to send the header cannot attach files by form.
  if (req.is('multipart/form-data') && req.path.startsWith(MESSAGING_MOUNT) && req.get('sec-fetch-site') === 'same-origin') return next();
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
  const expected = req.session.csrfSecret;
  if (typeof sent === 'string' && expected && sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
    return next();
  }
  res.status(403);
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({ error: { code: 'csrf_rejected', message: 'This request was refused to protect your account. Reload the page and try again.' } });
  } else {
    res.type('text').send('This form has expired or came from another site. Go back, reload the page and try again.');
  }
}
