import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { HttpContext } from '../http-context.js';
import { DATABASE_RETRY_AFTER_SECONDS, describeDatabaseError, isDatabaseUnavailableError } from '../../db/faults/unavailable-error.js';
import { ERROR_CODES, isMessagingError, MessagingError, shuttingDown } from '../../errors.js';
import type { MessageKey } from '../../views/i18n/translator.js';
import { english } from '../../views/i18n/localization.js';
import { defaultLayout } from '../../views/rendering/default-layout.js';
import { defaultRenderer } from '../../views/rendering/engine.js';
import { errorPage } from '../../views/rendering/error-page.js';
import { assetHref } from './assets.js';
import { reportRefused } from './refused-requests.js';
import { renderPage } from './render-page.js';
import { viewKit } from './view-kit.js';
import { sendJson } from './json-answer.js';

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
function isApiRequest(req: Request): boolean {
  return req.path === '/api' || req.path.startsWith('/api/');
}

/**
 * Turns anything a route threw into the contract's error: a {@link MessagingError} as it is,
 * a database that is down, full or read-only as 503 `database_unavailable` (keeping the
 * driver's error as `cause`), body-parser failures as 413 `payload_too_large` / 400
 * `invalid_request` / 415, and everything else as 500 `internal_error`. Null for the unknown
 * ones (they must be logged).
 */
export function toMessagingError(err: unknown): MessagingError | null {
  if (isMessagingError(err)) return err;
  if (isDatabaseUnavailableError(err)) return new MessagingError('database_unavailable', undefined, { cause: err });
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
 * What the host most likely got wrong, for the log, when an unexpected error has a known
 * cause: reading a property of `req.session` when no session middleware runs before the router.
 */
function hintFor(err: unknown, req: Request): string | undefined {
  const session = (req as { session?: unknown }).session;
  if (err instanceof TypeError && session === undefined && /of undefined|of null/.test(err.message)) {
    return 'req.session is undefined: is the session middleware (express-session, cookie-session…) mounted before the messaging router? currentUserId runs on every request.';
  }
  return undefined;
}

/** Instances whose log already says that requests came after messaging.close(). */
const toldClosed = new WeakSet<object>();

/** One warning per instance, not one per request of a shutdown. */
function warnClosedOnce(ctx: HttpContext, where: { method: string; path: string }): void {
  if (toldClosed.has(ctx.database)) return;
  toldClosed.add(ctx.database);
  ctx.logger.warn(
    where,
    'messaging: a request came after messaging.close() (or was under way then) and got 503 database_unavailable; stop the HTTP server before closing messaging so requests under way can finish',
  );
}

/** Errors whose HTML page says something more precise than their code's message. */
const pageMessages = new WeakMap<object, MessageKey>();

/**
 * Gives an error the catalogue message its HTML page shows instead of the code's (the JSON
 * API still answers the error's own English message): `throw withPageMessage(new
 * MessagingError('not_found', 'This unsubscribe link is not valid.'), 'mail.unsubscribeInvalid')`.
 */
export function withPageMessage<E extends MessagingError>(error: E, key: MessageKey): E {
  pageMessages.set(error, key);
  return error;
}

/** What {@link sendErrorPage} shows. */
export interface ErrorPageAnswer {
  error: MessagingError;
  /** Instead of the code's message: a more precise one of the catalogue. */
  messageKey?: MessageKey;
  /** The inbox link under the message, or null. */
  inboxHref: string | null;
}

function logFailure(ctx: HttpContext, err: unknown, what: string): void {
  try {
    ctx.logger.error({ err: { name: (err as Error)?.name, stack: (err as Error)?.stack } }, what);
  } catch {
    // A host logger that throws must not turn an error page into a crash.
  }
}

/**
 * Answers an HTML error page in the member's language: the heading for the status and the
 * translated message of the code (never a service's English words: the JSON API keeps those).
 * It never throws and always answers: when the member's translator, the host's layout or a
 * host template fails, the package's own templates answer in English without the host's
 * layout; when even that fails, the code's English message as plain text.
 */
export async function sendErrorPage(ctx: HttpContext, req: Request, res: Response, answer: ErrorPageAnswer): Promise<void> {
  const { error } = answer;
  const input = { status: error.status, code: error.code, message: error.message, messageKey: answer.messageKey, inboxHref: answer.inboxHref };
  try {
    const page = errorPage(await viewKit(ctx, req), input);
    await renderPage(ctx, req, res, { ...page, status: error.status });
    return;
  } catch (err) {
    logFailure(ctx, err, 'messaging: error page failed; answering the plain one');
  }
  if (res.headersSent) return;
  try {
    const kit = { renderer: defaultRenderer(), i18n: english() };
    const page = errorPage(kit, input);
    const stylesheetHref = assetHref(`${req.baseUrl}/assets`, 'messaging.css');
    res
      .status(error.status)
      .type('html')
      .send(defaultLayout(kit, { ...page, stylesheetHref, scriptHref: null }));
  } catch (err) {
    logFailure(ctx, err, 'messaging: error page failed');
    if (!res.headersSent) res.status(error.status).type('text').send(ERROR_CODES[error.code].message);
  }
}

/**
 * The router's last middleware. JSON routes answer `{ error: { code, message, details? } }`
 * with the English message of src/errors.ts (the contract), HTML routes a page with the same
 * status in the member's language ({@link sendErrorPage}). Unknown errors are logged through
 * `ctx.logger.error` with their name and stack only (never a request body, so never
 * message text), with a hint when the cause is a known host mistake, and answered as 500
 * without any detail. A database fault answers 503 with `Retry-After`; its driver error
 * (code and message, such as `SQLITE_FULL` or `57P01`) is logged. The handler itself never
 * throws: whatever fails while answering, the member gets an answer with the error's status.
 */
export function createErrorHandler(ctx: HttpContext, options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  const isJson = options.isJson ?? isApiRequest;
  const inboxHref = options.inboxHref ?? ((req: Request) => `${req.baseUrl}/`);

  const answer = (err: unknown, req: Request, res: Response): Promise<void> | undefined => {
    let error = toMessagingError(err);
    const where = { method: req.method, path: `${req.baseUrl}${req.path}` };
    if (ctx.database.closed && (!error || error.code === 'database_unavailable' || error.code === 'internal_error')) {
      // Under way when messaging.close() ended the connections, or come after: not a fault.
      warnClosedOnce(ctx, where);
      error = shuttingDown();
    } else if (!error) {
      const e = err instanceof Error ? err : new Error(String(err));
      const hint = hintFor(err, req);
      ctx.logger.error({ err: { name: e.name, code: (e as { code?: unknown }).code, stack: e.stack }, ...where, ...(hint ? { hint } : {}) }, 'messaging: request failed');
      error = new MessagingError('internal_error');
    } else if (error.code === 'database_unavailable' && error.cause !== undefined) {
      ctx.logger.error({ err: describeDatabaseError(err), ...where }, 'messaging: database unavailable');
      // The details (a file path, a server) are for the log; the member gets the contract's words.
      error = new MessagingError('database_unavailable');
    }
    reportRefused(ctx, req, error); // counted by messaging.metrics(); suspicious codes logged at warn
    res.setHeader('Cache-Control', 'no-store');
    if (isMessagingError(error, 'rate_limited') && typeof error.details?.retryAfter === 'number') {
      res.setHeader('Retry-After', String(error.details.retryAfter));
    }
    if (error.code === 'database_unavailable') res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    if (isJson(req)) {
      const body: { code: string; message: string; details?: unknown } = { code: error.code, message: error.message };
      if (error.details !== undefined && error.code !== 'internal_error') body.details = error.details;
      sendJson(res, error.status, { error: body });
      return undefined;
    }
    const noInbox = error.code === 'messaging_disabled' || error.code === 'unauthenticated';
    const messageKey = typeof err === 'object' && err !== null ? pageMessages.get(err) : undefined;
    return sendErrorPage(ctx, req, res, { error, ...(messageKey ? { messageKey } : {}), inboxHref: noInbox ? null : inboxHref(req) });
  };

  return function messagingErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction) {
    if (res.headersSent) return next(err);
    try {
      void answer(err, req, res);
    } catch (failure) {
      // A host logger, isJson or inboxHref that throws: still an answer, never a second error.
      logFailure(ctx, failure, 'messaging: error handler failed');
      const error = toMessagingError(err) ?? new MessagingError('internal_error');
      if (!res.headersSent) res.status(error.status).type('text').send(ERROR_CODES[error.code].message);
    }
  };
}
