import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../http-context.js';
import { MessagingError } from '../../errors.js';
import { REPORT_ACTIONS } from '../../services/safety/reports.js';
import { moderationConfirmHtml, moderationHtml } from '../../views/safety/moderation-view.js';
import type { AdminLimitsService } from '../../services/settings/admin-limits.js';
import { addAdminLimitsRoutes } from './limits-routes.js';
import type { CsrfProtection } from '../guards/csrf.js';
import { createErrorHandler } from '../responses/errors.js';
import { renderPage } from '../responses/render-page.js';
import { viewKit } from '../responses/view-kit.js';
import type { SafetyServices } from '../../services/safety/safety-services.js';
import { messageIdParam, rowIdParam, userIdParam, validate } from '../guards/validation.js';
import { currentViewer, requireViewer, viewerId } from '../guards/viewer.js';
import { securityHeaders } from '../responses/security-headers.js';
import { sendJson } from '../responses/json-answer.js';

/** The paths of this router: the rest of the admin router (the switch page) is left to it. */
const GUARDED = ['/reports', '/suspensions', '/limits'];

const resolveBody = z.object({ action: z.enum(REPORT_ACTIONS), confirm: z.literal('yes').optional() });
const confirmQuery = z.object({ action: z.enum(['delete_message', 'suspend_sender']) });
const listQuery = z.object({ cursor: messageIdParam, done: z.enum([...REPORT_ACTIONS, 'unsuspend']).optional() });

/** JSON for clients that ask for it (`Accept: application/json`), the page otherwise. */
const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';

/**
 * The moderators' part of `messaging.adminRouter` (mounted at `/reports` and `/suspensions`
 * of it): the review page of open reports with their context, the three decisions, and the
 * list of suspended members. Only for `isAdmin(req)`: a visitor gets 401 (or the sign-in
 * page), a member 403. Forms post with `_csrf` and answer 303; the same routes speak JSON.
 */
export function createModerationRouter(ctx: HttpContext, deps: { csrf: CsrfProtection; services: SafetyServices; limits: AdminLimitsService }): Router {
  const { reports, suspensions, directory } = deps.services;
  const router = express.Router();
  const bodies = [express.urlencoded({ extended: false, limit: '4kb' }), express.json({ limit: '4kb' })];

  router.use(GUARDED, securityHeaders, requireViewer(ctx, 'html'), function requireModerator(req: Request, _res: Response, next: NextFunction) {
    Promise.resolve()
      .then(() => (ctx.options.isAdmin ? ctx.options.isAdmin(req) : false))
      .then((admin) => next(admin ? undefined : new MessagingError('forbidden', 'Only administrators can review reports.')), next);
  });

  router.get('/reports', (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const query = validate(listQuery, req.query, 'query');
      const page = await reports.listOpen(query.cursor ? { cursor: query.cursor } : {});
      if (wantsJson(req)) return void sendJson(res, 200, { reports: page.items, nextCursor: page.nextCursor });
      const list = await suspensions.list();
      const people = await directory.resolve(list.map((s) => s.userId));
      const kit = await viewKit(ctx, req);
      const body = moderationHtml(kit, {
        base: req.baseUrl,
        csrfToken: await deps.csrf.token(req),
        page,
        suspensions: list.map((s) => ({ ...s, member: people.get(s.userId) })),
        done: query.done ?? null,
      });
      await renderPage(ctx, req, res, { title: kit.i18n.t('moderation.reportsTitle'), body });
    })().catch(next);
  });

  router.get('/reports/:reportId/confirm', (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const { action } = validate(confirmQuery, req.query, 'query');
      const report = await reports.getOpen(rowIdParam(req, 'reportId'));
      const kit = await viewKit(ctx, req);
      const body = moderationConfirmHtml(kit, { base: req.baseUrl, csrfToken: await deps.csrf.token(req), report, decision: action });
      await renderPage(ctx, req, res, { title: kit.i18n.t(action === 'delete_message' ? 'moderation.confirmRemoveTitle' : 'moderation.confirmSuspendDocTitle'), body });
    })().catch(next);
  });

  router.post('/reports/:reportId', ...bodies, deps.csrf.guard, (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const { action, confirm } = validate(resolveBody, req.body, 'body');
      const json = wantsJson(req) || req.is('application/json');
      // A page form that did not come through the confirmation (an old page, a hand-made form) is asked first.
      if (!json && action !== 'dismiss' && confirm !== 'yes') {
        return void res.redirect(303, `${req.baseUrl}/reports/${encodeURIComponent(rowIdParam(req, 'reportId'))}/confirm?action=${action}`);
      }
      const report = await reports.resolve(rowIdParam(req, 'reportId'), viewerId(res), action);
      if (json) return void sendJson(res, 200, { report });
      res.redirect(303, `${req.baseUrl}/reports?done=${action}`);
    })().catch(next);
  });

  router.post('/suspensions/:userId/delete', ...bodies, deps.csrf.guard, (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const userId = userIdParam(req);
      await suspensions.unsuspend(userId);
      ctx.logger.info({ userId, by: await currentViewer(ctx, req), at: ctx.now() }, 'messaging: suspension lifted');
      if (wantsJson(req) || req.is('application/json')) return void sendJson(res, 200, { unsuspended: userId });
      res.redirect(303, `${req.baseUrl}/reports?done=unsuspend`);
    })().catch(next);
  });

  addAdminLimitsRoutes(router, ctx, { csrf: deps.csrf, limits: deps.limits });
  router.use(GUARDED, createErrorHandler(ctx, { isJson: (req) => wantsJson(req) || Boolean(req.is('application/json')), inboxHref: () => null }));
  return router;
}
