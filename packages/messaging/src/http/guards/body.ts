import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { HttpContext } from '../http-context.js';
import { MessagingError } from '../../errors.js';

/**
 * True when the request carries a body. A POST with no body at all (no Content-Length or
 * `Content-Length: 0`, no Transfer-Encoding) has nothing to be of the wrong type.
 */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * For JSON API writes: refuses a body that is not `application/json` (415
 * `unsupported_media_type`, so a cross-site form can never reach the API), then parses it,
 * limited to `limits.maxBodyBytes`. A body the host's own parser already read is kept.
 */
export function jsonBody(ctx: HttpContext): RequestHandler[] {
  const parse = express.json({ limit: ctx.limits.maxBodyBytes, strict: true, type: 'application/json' });
  return [
    function requireJsonBody(req: Request, _res: Response, next: NextFunction) {
      next(hasBody(req) && !req.is('application/json') ? new MessagingError('unsupported_media_type') : undefined);
    },
    parse,
  ];
}

/**
 * The largest form post the pages parse. Form encoding takes up to 9 bytes a character
 * (`%E8%AA%9E`), so `maxBodyBytes` alone refused a longest message in Chinese with an error
 * page; this fits a message and a subject of up to twice their limits, so that text over the
 * limit still reaches the form and comes back in it with its error, typed text kept.
 */
export function formBodyLimit(limits: HttpContext['limits']): number {
  return Math.max(limits.maxBodyBytes, 9 * (2 * limits.maxMessageLength + 2 * limits.maxSubjectLength) + 8192);
}

/** For HTML form posts: parses `application/x-www-form-urlencoded`, limited to {@link formBodyLimit}. */
export function formBody(ctx: HttpContext): RequestHandler {
  return express.urlencoded({ extended: false, limit: formBodyLimit(ctx.limits), parameterLimit: 100 });
}

/** The parsed body as a plain object (empty when there was none or a host parser left text). */
export function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
