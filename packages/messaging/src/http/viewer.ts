import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { MessagingContext } from '../context.js';
import { MessagingError } from '../errors.js';

/**
 * Who is signed in, asked of the host once per request: the router's guards, handlers and
 * partials may all need it, and `currentUserId` may hit the host's session store.
 * A WeakMap (not a property on `req`) keeps the host's request object untouched; one per
 * instance, since two instances in one app may each have their own `currentUserId`.
 */
const resolved = new WeakMap<MessagingContext, WeakMap<object, Promise<string | null>>>();
/** The viewer of a response whose route passed {@link requireViewer}. */
const required = new WeakMap<object, string>();

/**
 * The signed-in viewer's id as a string, or null for a visitor. Host ids may be numbers;
 * an empty string counts as nobody.
 */
export function currentViewer(ctx: MessagingContext, req: Request): Promise<string | null> {
  let ofInstance = resolved.get(ctx);
  if (!ofInstance) resolved.set(ctx, (ofInstance = new WeakMap()));
  let found = ofInstance.get(req);
  if (!found) {
    found = askHost(ctx, req);
    ofInstance.set(req, found);
  }
  return found;
}

const normalize = (id: unknown): string | null => (id === null || id === undefined || String(id) === '' ? null : String(id));

/** Asks `currentUserId`, which may answer at once or with a promise; a throw becomes a rejection. */
function askHost(ctx: MessagingContext, req: Request): Promise<string | null> {
  try {
    return Promise.resolve(ctx.options.currentUserId(req)).then(normalize);
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Where a signed-out visitor of a page goes, or undefined when the host set no sign-in page. */
export function signInLocation(ctx: MessagingContext, req: Request): string | undefined {
  const { signInUrl } = ctx.options;
  return typeof signInUrl === 'function' ? signInUrl(req) : signInUrl;
}

/**
 * Guards routes that need a signed-in member. The viewer's id is then available from
 * {@link viewerId}.
 * - `json`: a visitor gets 401 `unauthenticated` (through the error handler).
 * - `html`: a visitor is redirected (303) to `signInUrl` when the host set one, else gets
 *   the 401 page.
 */
export function requireViewer(ctx: MessagingContext, kind: 'html' | 'json'): RequestHandler {
  return function requireMessagingViewer(req: Request, res: Response, next: NextFunction) {
    currentViewer(ctx, req).then((id) => {
      if (id !== null) {
        required.set(res, id);
        return next();
      }
      const location = kind === 'html' ? signInLocation(ctx, req) : undefined;
      if (location) return res.redirect(303, location);
      next(new MessagingError('unauthenticated'));
    }, next);
  };
}

/** The viewer's id on a route behind {@link requireViewer}. */
export function viewerId(res: Response): string {
  const id = required.get(res);
  if (id === undefined) throw new Error('viewerId() used on a route without requireViewer()');
  return id;
}
