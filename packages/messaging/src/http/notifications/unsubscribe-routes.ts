import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { HttpContext } from '../http-context.js';
import { MessagingError } from '../../errors.js';
import { unsubscribeConfirmHtml, unsubscribeDoneHtml, unsubscribeTitles } from '../../views/notifications/unsubscribe-view.js';
import { formBody } from '../guards/body.js';
import { withPageMessage } from '../responses/errors.js';
import { renderPage } from '../responses/render-page.js';
import { securityHeaders } from '../responses/security-headers.js';
import { viewKit } from '../responses/view-kit.js';
import { isOneClickBody } from './one-click-body.js';

/** What the unsubscribe routes need: the links' check and the member's mode. */
export interface UnsubscribeDependencies {
  /** Whether `token` is `userId`'s own unsubscribe token (services/notifications/unsubscribe-token.ts). */
  verify(userId: unknown, token: unknown): Promise<boolean>;
  /** Turns the member's mail off (`messaging.notifications.setMode(userId, 'off')`). */
  turnOff(userId: string): Promise<void>;
}

// The English of mail.unsubscribeInvalid, for an API client; the page says it in the member's words.
const BAD_LINK = 'This unsubscribe link is not valid. Open the link from the mail again, or change your email settings in your messages.';

type Page = (req: Request, res: Response) => Promise<void>;
const page = (fn: Page) =>
  function messagingUnsubscribePage(req: Request, res: Response, next: NextFunction) {
    fn(req, res).catch(next);
  };

/** The member the link is for, or a 404 `not_found` (the same answer for a bad id and a bad token). */
async function signedMember(deps: UnsubscribeDependencies, req: Request): Promise<{ userId: string; token: string }> {
  const { u, t } = req.query;
  if (typeof u !== 'string' || typeof t !== 'string' || !(await deps.verify(u, t))) throw withPageMessage(new MessagingError('not_found', BAD_LINK), 'mail.unsubscribeInvalid');
  return { userId: u, token: t };
}

/**
 * `GET` and `POST <mount>/unsubscribe?u=<id>&t=<token>`, the one-click unsubscribe of the
 * notification mails (RFC 8058). They need no sign-in and no CSRF token: the signed token is
 * the proof, and it only ever turns the mail of its own member off. The GET shows a confirm
 * button and changes nothing (mail scanners open links); the POST, from that button or from a
 * mail provider's one-click, needs the body `List-Unsubscribe=One-Click` and sets the member's
 * mode to 'off'. Not behind the admin switch: unsubscribing works while messaging is off.
 * The page's URL holds the token, so it is sent with `Referrer-Policy: no-referrer`. The pages
 * speak the member's language (the host's `locale(req)` or the browser's).
 */
export function createUnsubscribeRoutes(ctx: HttpContext, deps: UnsubscribeDependencies): Router {
  const router = express.Router();
  router.all('/unsubscribe', securityHeaders, function noReferrer(_req: Request, res: Response, next: NextFunction) {
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  router.get(
    '/unsubscribe',
    page(async (req, res) => {
      const { userId, token } = await signedMember(deps, req);
      const action = `${req.baseUrl}/unsubscribe?u=${encodeURIComponent(userId)}&t=${encodeURIComponent(token)}`;
      const kit = await viewKit(ctx, req);
      await renderPage(ctx, req, res, { title: unsubscribeTitles(kit).confirm, body: unsubscribeConfirmHtml(kit, { action }), script: false });
    }),
  );

  router.post(
    '/unsubscribe',
    formBody(ctx),
    page(async (req, res) => {
      const { userId } = await signedMember(deps, req);
      if (!(await isOneClickBody(req))) throw new MessagingError('invalid_request', 'The request must carry List-Unsubscribe=One-Click.');
      await deps.turnOff(userId);
      const kit = await viewKit(ctx, req);
      const body = unsubscribeDoneHtml(kit, { preferencesHref: `${req.baseUrl}/preferences` });
      await renderPage(ctx, req, res, { title: unsubscribeTitles(kit).done, body, script: false });
    }),
  );

  return router;
}
