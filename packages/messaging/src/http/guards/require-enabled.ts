import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MessagingError } from '../../errors.js';
import { isThenable, type MaybePromise } from '../../shared/maybe-promise.js';

/**
 * Guards every route of the messaging router: while the admin switch is off, each answers
 * 404 `messaging_disabled` (JSON for the API, a readable page for HTML routes, through the
 * router's error handler) and touches no data, so that switching on again brings every
 * thread back as it was.
 */
export function requireEnabled(toggle: { isEnabled(): MaybePromise<boolean> }): RequestHandler {
  const answer = (next: NextFunction, enabled: boolean) => next(enabled ? undefined : new MessagingError('messaging_disabled'));
  return function requireMessagingEnabled(_req: Request, _res: Response, next: NextFunction) {
    // The switch's cached answer goes on in the same tick; a read, or a host's async provider, waits.
    let enabled: MaybePromise<boolean>;
    try {
      enabled = toggle.isEnabled();
    } catch (err) {
      return next(err);
    }
    if (isThenable(enabled)) Promise.resolve(enabled).then((on) => answer(next, on), next);
    else answer(next, enabled);
  };
}
