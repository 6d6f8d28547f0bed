import type { Request } from 'express';
import type { HttpContext } from '../http-context.js';
import type { ErrorCode, MessagingError } from '../../errors.js';
import { emitSafely } from '../../services/unread/unread-notify.js';

/**
 * Codes worth a warning: someone may be probing or hammering (the others are ordinary).
 * `csrf_rejected` is only counted: the guard itself warns once about the likely cause (a
 * proxy without `trust proxy`), and a forged-request storm must not flood the log.
 */
const WARN_CODES: ReadonlySet<ErrorCode> = new Set(['forbidden', 'rate_limited', 'suspended']);

/**
 * Called by the error handler for every request it answers with an error: emits
 * `request.refused` (counted by the metrics) and logs the suspicious ones at `warn`, with the
 * method, the path without its query string and the code; never a body, so never message text.
 * Server errors are logged at `error` by the handler itself.
 */
export function reportRefused(ctx: HttpContext, req: Request, error: MessagingError): void {
  emitSafely(ctx, 'request.refused', { code: error.code, status: error.status, method: req.method });
  if (WARN_CODES.has(error.code)) {
    ctx.logger.warn({ code: error.code, status: error.status, method: req.method, path: `${req.baseUrl}${req.path}` }, 'messaging: request refused');
  }
}
