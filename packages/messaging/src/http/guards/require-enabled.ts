import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MessagingError } from '../../errors.js';
import { type MaybePromise, whenKnown } from '../../shared/maybe-promise.js';

/** The switch as the routes ask it: the answer itself when it is known (cached), else a promise. */
export interface SwitchAnswer {
  isEnabled(): MaybePromise<boolean>;
}

/**
 * Guards every route of the messaging router: while the admin switch is off, each answers
 * 404 `messaging_disabled` (JSON for the API, a readable page for HTML routes, through the
 * router's error handler) and touches no data, so that switching on again brings every
 * thread back as it was.
 */
export function requireEnabled(toggle: SwitchAnswer): RequestHandler {
  return function requireMessagingEnabled(_req: Request, _res: Response, next: NextFunction) {
    // The switch's cached answer goes on in the same tick; a read, or a host's async provider, waits.
    whenKnown(
      () => toggle.isEnabled(),
      (enabled) => next(enabled ? undefined : new MessagingError('messaging_disabled')),
      next,
    );
  };
}
