import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MessagingError } from '../../errors.js';

/**
 * Guards every route of the messaging router: while the admin switch is off, each answers
 * 404 `messaging_disabled` (JSON for the API, a readable page for HTML routes, through the
 * router's error handler) and touches no data, so that switching on again brings every
 * thread back as it was.
 */
export function requireEnabled(toggle: { isEnabled(): boolean | Promise<boolean> }): RequestHandler {
  return function requireMessagingEnabled(_req: Request, _res: Response, next: NextFunction) {
    Promise.resolve()
      .then(() => toggle.isEnabled())
      .then((enabled) => next(enabled ? undefined : new MessagingError('messaging_disabled')), next);
  };
}
