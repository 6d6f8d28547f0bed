import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { MessagingContext } from '../context.js';
import { ERROR_CODES, isMessagingError, MessagingError } from '../errors.js';
import { errorPage } from '../views/error-page.js';
import { renderPage } from './render-page.js';
import { reportRefused } from './refused-requests.js';

/** Options of {@link createErrorHandler}. */
export interface ErrorHandlerOptions {
  /**
   * Which requests get JSON errors; the others get an HTML page. Decided by route group.
   * @default requests under `/api` of the router
   */
  isJson?: (req: Request) => boolean;
  /** Where the HTML error page links back to. @default the router's inbox (`req.baseUrl + '/'`) */
  inboxHref?: (req: Request) => string | null;
}

/** True for the router's JSON group: paths under `/api` (relative to where it is mounted). */
export function isApiRequest(req: Request): boolean {
  return req.path === '/api' || req.path.startsWith('/api/');
}

/**
 * Turns anything a route threw into the contract's error: a {@link MessagingError} as it is,
 * body-parser failures as 413 `payload_too_large` / 400 `invalid_request` / 415, and
 * everything else as 500 `internal_error`. Null for the unknown ones (they must be logged).
 */
export function toMessagingError(err: unknown): MessagingError | null {
  if (isMessagingError(err)) return err;
  const type = (err as { type?: unknown } | null)?.type;
  switch (type) {
    case 'entity.too.large':
      return new MessagingError('payload_too_large', 'The request body is too large.');
    case 'entity.parse.failed':
      return new MessagingError('invalid_request', 'The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new MessagingError('unsupported_media_type', 'The request body uses an unsupported encoding.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'parameters.too.many':
      return new MessagingError('invalid_request', 'The request body could not be read.');
    default:
      return null;
  }
}

/**
 * The router's last middleware. JSON routes answer `{ error: { code, message, details? } }`,
 * HTML routes a readable page with the same status. Unknown errors are logged through
 * `ctx.logger.error` with their name and stack only (never a request body, so never
 * message text) and answered as 500 without any detail.
 */
export function createErrorHandler(ctx: MessagingContext, options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  const isJson = options.isJson ?? isApiRequest;
  const inboxHref = options.inboxHref ?? ((req: Request) => `${req.baseUrl}/`);

  return function messagingErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction) {
    if (res.headersSent) return next(err);
    let error = toMessagingError(err);
    if (!error) {
      const e = err instanceof Error ? err : new Error(String(err));
      ctx.logger.error(
        { err: { name: e.name, code: (e as { code?: unknown }).code, stack: e.stack }, method: req.method, path: `${req.baseUrl}${req.path}` },
        'messaging: request failed',
      );
      error = new MessagingError('internal_error');
    }
    reportRefused(ctx, req, error); // counted by messaging.metrics(); suspicious codes logged at warn
    res.setHeader('Cache-Control', 'no-store');
    if (error.code === 'rate_limited' && typeof (error.details as { retryAfter?: unknown })?.retryAfter === 'number') {
      res.setHeader('Retry-After', String((error.details as { retryAfter: number }).retryAfter));
    }
    if (isJson(req)) {
      const body: { code: string; message: string; details?: unknown } = { code: error.code, message: error.message };
      if (error.details !== undefined && error.code !== 'internal_error') body.details = error.details;
      res.status(error.status).json({ error: body });
      return;
    }
    // The same words for an unknown thread and one the viewer is not in, as the contract asks.
    const message = error.code === 'not_found' && error.message === ERROR_CODES.not_found.message ? 'This conversation does not exist, or you are not part of it.' : error.message;
    const page = errorPage({ status: error.status, message, inboxHref: error.code === 'messaging_disabled' || error.code === 'unauthenticated' ? null : inboxHref(req) });
    renderPage(ctx, req, res, { ...page, status: error.status }).catch((renderErr: unknown) => {
      ctx.logger.error({ err: { name: (renderErr as Error)?.name, stack: (renderErr as Error)?.stack } }, 'messaging: error page failed');
      if (!res.headersSent) res.status(error.status).type('text').send(error.message);
    });
  };
}
