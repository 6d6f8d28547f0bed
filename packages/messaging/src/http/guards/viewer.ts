import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HttpContext } from '../http-context.js';
import { MessagingError } from '../../errors.js';
import { type OncePerRequest, oncePerRequest } from '../host/once-per-request.js';
import { andThen, type MaybePromise, whenKnown } from '../../shared/maybe-promise.js';

/** The viewer of a response whose route passed {@link requireViewer}. */
const required = new WeakMap<object, string>();

/**
 * The signed-in viewer's id as a string, or null for a visitor, asked of the host once per
 * request (`currentUserId` may hit the host's session store). Host ids may be numbers;
 * anything but a non-empty string or a safe integer counts as nobody (see {@link viewerIdFrom}).
 */
export const currentViewer: OncePerRequest<string | null> = oncePerRequest(askHost);

/** Instances that already warned about a bad `currentUserId` answer: once each is enough. */
const warned = new WeakSet<HttpContext>();

/** Names a rejected value without printing it: an object may be the host's whole user record. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string of spaces or with a NUL character';
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'object' && value !== null) return `an object (${value.constructor?.name ?? 'Object'})`;
  return typeof value === 'boolean' ? `the boolean ${String(value)}` : `a ${typeof value}`;
}

function warnOnce(ctx: HttpContext, value: unknown): void {
  if (warned.has(ctx)) return;
  warned.add(ctx);
  const message =
    `messaging: currentUserId returned ${describeValue(value)}, which is not a member id; the request is treated as a visitor. ` +
    'Return the id itself, a non-empty string or a safe integer (for example `(req) => req.user?.id`, not `req.user`), and null or undefined for a visitor.';
  // The default logger keeps warnings quiet; this one means every member is signed out, so it must show.
  if (ctx.options.logger) ctx.logger.warn({ option: 'currentUserId', returned: describeValue(value) }, message);
  else console.warn(message);
}

/**
 * What `currentUserId` answered, as the viewer's id: a non-empty string as it is (not only
 * spaces, no NUL), a safe integer or a BigInt as its digits; null or undefined is a visitor. Anything else
 * (an object such as `req.user` would become "[object Object]" and merge every member into one;
 * `false`, `NaN`, `1.5` would make every visitor one shared member) is a visitor too, with a
 * one-time warning naming the fix.
 */
export function viewerIdFrom(ctx: HttpContext, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && value.trim() !== '' && !value.includes('\u0000')) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  // A BigInt id (some ORMs' 64-bit keys) has one exact decimal form too.
  if (typeof value === 'bigint') return String(value);
  warnOnce(ctx, value);
  return null;
}

/** Asks `currentUserId`, which may answer at once (used at once) or with a promise; a throw becomes a rejection. */
function askHost(ctx: HttpContext, req: Request): MaybePromise<string | null> {
  return andThen(ctx.options.currentUserId(req), (value) => viewerIdFrom(ctx, value));
}

/** Where a signed-out visitor of a page goes, or undefined when the host set no sign-in page. */
function signInLocation(ctx: HttpContext, req: Request): string | undefined {
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
export function requireViewer(ctx: HttpContext, kind: 'html' | 'json'): RequestHandler {
  return function requireMessagingViewer(req: Request, res: Response, next: NextFunction) {
    const admit = (id: string | null) => {
      if (id !== null) {
        required.set(res, id);
        return next();
      }
      const location = kind === 'html' ? signInLocation(ctx, req) : undefined;
      if (location) return res.redirect(303, location);
      next(new MessagingError('unauthenticated'));
    };
    // A host's synchronous currentUserId goes on in the same tick; a promise is waited for.
    whenKnown(() => currentViewer.now(ctx, req), admit, next);
  };
}

/** The viewer's id on a route behind {@link requireViewer}. */
export function viewerId(res: Response): string {
  const id = required.get(res);
  if (id === undefined) throw new Error('viewerId() used on a route without requireViewer()');
  return id;
}
