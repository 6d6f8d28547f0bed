import express, { type Router } from 'express';
import type { HttpContext } from './http-context.js';
import { createAttachmentApiRoutes, createAttachmentFileRoutes } from './attachments/attachment-routes.js';
import { apiNotFound, createApiRoutes } from './conversations/api-routes.js';
import { createMessageEditApiRoutes, createMessageEditPageRoutes, MESSAGE_EDIT_PAGE_PATHS } from './conversations/message-edit-routes.js';
import { createMembershipApiRoutes, createMembershipPageRoutes, MEMBERSHIP_PAGE_PATHS } from './conversations/membership-routes.js';
import { createRecipientApiRoutes } from './conversations/recipient-routes.js';
import { createSearchApiRoutes, createSearchPageRoutes, SEARCH_PAGE_PATHS } from './conversations/search-routes.js';
import { addAssetRoutes } from './responses/assets.js';
import { addLiveWordsRoute } from './responses/live-words-asset.js';
import type { RouterDependencies } from './conversations/dependencies.js';
import { createErrorHandler } from './responses/errors.js';
import { createPageRoutes } from './conversations/page-routes.js';
import { createUnsubscribeRoutes } from './notifications/unsubscribe-routes.js';
import { requireEnabled } from './guards/require-enabled.js';
import { securityHeaders } from './responses/security-headers.js';

/** The router's pages and assets (the API is everything under `/api`). */
const PAGE_PATHS = ['/', '/new', '/threads/:threadId', '/assets/:file', ...MESSAGE_EDIT_PAGE_PATHS, ...MEMBERSHIP_PAGE_PATHS, ...SEARCH_PAGE_PATHS];

/**
 * Builds `messaging.router`: the HTML pages and the JSON API of the HTTP contract, its
 * assets (`/assets/messaging.css`, `/assets/messaging.js`, `/assets/messaging-words.js`) and its error handling. Mount it
 * anywhere (`app.use('/messages', messaging.router)`), on Express 4 or 5, with or without
 * the host's body parsers (it parses what it needs itself, up to `limits.maxBodyBytes`).
 * While the admin switch is off, every route answers 404 `messaging_disabled`.
 */
export function createRouter(ctx: HttpContext, deps: RouterDependencies): Router {
  const router = express.Router();
  const { csrf, limits } = deps;
  // Signed one-click unsubscribe links: no sign-in, no CSRF token, and not behind the switch.
  if (deps.unsubscribe) router.use(createUnsubscribeRoutes(ctx, deps.unsubscribe));

  // Only the router's own paths get its headers and the switch: a host may mount it at '/',
  // and its other pages must not turn into 404 messaging_disabled nor lose their caching.
  const guards = [securityHeaders, requireEnabled(deps.toggle)];
  // The API first, busiest routes first: each layer a request passes costs it a path match,
  // so an API request meets no page path, and every one ends at apiNotFound at the latest.
  router.use('/api', ...guards);
  router.use('/api', createApiRoutes(ctx, deps, csrf, limits));
  router.use('/api', createMessageEditApiRoutes(ctx, deps));
  router.use('/api', createMembershipApiRoutes(ctx, deps));
  router.use('/api', createSearchApiRoutes(ctx, deps));
  router.use('/api', createRecipientApiRoutes(ctx, deps));
  if (deps.attachments) router.use('/api', createAttachmentApiRoutes(ctx, deps.attachments, deps)).use(createAttachmentFileRoutes(ctx, deps.attachments, deps.toggle));
  router.use('/api', apiNotFound);
  router.all(PAGE_PATHS, ...guards);
  addAssetRoutes(router);
  addLiveWordsRoute(router, ctx.localization);
  router.use(createMessageEditPageRoutes(ctx, deps));
  router.use(createMembershipPageRoutes(ctx, deps));
  router.use(createSearchPageRoutes(ctx, deps));
  router.use(createPageRoutes(ctx, deps, csrf, limits));
  router.use(createErrorHandler(ctx));
  return router;
}
