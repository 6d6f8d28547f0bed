import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { MessagingContext } from '../context.js';
import type { UserId } from '../options.js';
import type { BlockService } from '../services/blocks.js';
import { blockButtonHtml } from '../views/partials/block-button.js';
import { currentViewer } from './viewer.js';

/** What the member-safety part adds to `res.locals.messaging`. */
export interface SafetyLocals {
  /**
   * The Block / Unblock link for a member's profile (to the router's confirmation page); ''
   * on the viewer's own profile, for visitors and while messaging is off.
   */
  blockButton(profileUserId: UserId | null | undefined): string;
}

/**
 * Runs after the main locals middleware and adds {@link SafetyLocals} to
 * `res.locals.messaging`. One query (the viewer's blocks) per page, only for a signed-in
 * viewer while messaging is on; a failure leaves the page without the button, never broken.
 */
export function createSafetyLocals(ctx: MessagingContext, blocks: BlockService): RequestHandler {
  return function messagingSafetyLocals(req: Request, res: Response, next: NextFunction) {
    const locals = res.locals.messaging as ({ enabled?: boolean; inboxUrl?: string } & Partial<SafetyLocals>) | undefined;
    if (!locals) return next();
    locals.blockButton = () => '';
    if (!locals.enabled || !locals.inboxUrl) return next();
    const inboxUrl = locals.inboxUrl;
    currentViewer(ctx, req)
      .then(async (viewer) => {
        if (viewer === null) return;
        const blocked = new Set(await blocks.listBlocked(viewer));
        locals.blockButton = (profileUserId) => {
          if (profileUserId === null || profileUserId === undefined || String(profileUserId) === '' || String(profileUserId) === viewer) return '';
          const id = String(profileUserId);
          return blockButtonHtml({ inboxUrl, profileUserId: id, blocked: blocked.has(id) }).html;
        };
      })
      .catch((err: unknown) => ctx.logger.warn({ err: String((err as Error)?.message ?? err) }, 'messaging: could not prepare the block button; the page renders without it'))
      .finally(() => next());
  };
}
