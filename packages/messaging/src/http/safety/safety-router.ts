import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { HttpContext } from '../http-context.js';
import type { ConversationService } from '../../services/conversations/conversation-service.js';
import type { CsrfProtection } from '../guards/csrf.js';
import { createErrorHandler } from '../responses/errors.js';
import { requireEnabled, type SwitchAnswer } from '../guards/require-enabled.js';
import { securityHeaders } from '../responses/security-headers.js';
import { createSafetyApiRoutes, isArchivedView, SAFETY_API_PATHS } from './api-routes.js';
import { createSafetyPageRoutes, SAFETY_PAGE_PATHS } from './page-routes.js';
import type { SafetyServices } from '../../services/safety/safety-services.js';
import type { NotificationPreference } from './notification-preference.js';

/**
 * The member-safety part of `messaging.router` (docs/member-safety.md): its JSON API under
 * `/api` and its pages, with the main router's rules (headers, the admin switch, the error
 * shape). createMessaging puts it in front of the main router, so that its paths are matched
 * first; any other path falls through untouched.
 */
export function createSafetyRouter(
  ctx: HttpContext,
  deps: {
    conversations: ConversationService;
    toggle: SwitchAnswer;
    csrf: CsrfProtection;
    services: SafetyServices;
    /** The member's write attempts, one budget shared with the main router. */
    writeAttempt: RequestHandler;
    /** "Email me about unread messages" on the preferences page and API; given when the host set `notifications`. */
    notifications?: NotificationPreference;
  },
): Router {
  // Everything of this router sits behind one path match: a request for one of the main
  // router's paths (the inbox, a send) passes one layer here, not each route's, and gets the
  // headers and the switch check once, from the main router.
  const own = express.Router();
  own.use(securityHeaders, requireEnabled(deps.toggle));
  own.use('/api', createSafetyApiRoutes(ctx, deps.csrf, deps.conversations, deps.services, deps.writeAttempt, deps.notifications));
  own.use(createSafetyPageRoutes(ctx, deps.conversations, deps.csrf, deps.services, deps.writeAttempt, deps.notifications));
  own.use(createErrorHandler(ctx));
  const router = express.Router();
  router.all([...SAFETY_PAGE_PATHS, ...SAFETY_API_PATHS.map((p) => `/api${p}`)], own);
  // `GET /api/threads` is the inbox's too: only the Archived view comes in here.
  router.get('/api/threads', (req: Request, _res: Response, next: NextFunction) => next(isArchivedView(req) ? undefined : 'route'), own);
  return router;
}
