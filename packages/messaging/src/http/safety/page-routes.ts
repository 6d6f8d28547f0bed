import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../http-context.js';
import { isMessagingError, MessagingError } from '../../errors.js';
import { isWhoCanMessage } from '../../services/safety/member-preferences.js';
import type { ConversationService } from '../../services/conversations/conversation-service.js';
import { archivedHtml } from '../../views/safety/archived-view.js';
import { blockPageHtml } from '../../views/safety/block-view.js';
import { preferencesHtml } from '../../views/safety/preferences-view.js';
import { reportPageHtml } from '../../views/safety/report-view.js';
import { bodyObject, formBody } from '../guards/body.js';
import type { CsrfProtection } from '../guards/csrf.js';
import { renderPage } from '../responses/render-page.js';
import { viewKit } from '../responses/view-kit.js';
import type { SafetyServices } from '../../services/safety/safety-services.js';
import { isUserId } from '../../services/conversations/ids.js';
import { cursorParam, rowIdParam, threadIdParam, userIdParam, validate } from '../guards/validation.js';
import { requireViewer, viewerId } from '../guards/viewer.js';
import { isolatedText } from '../../views/text/isolate.js';
import { isNotificationMode, type NotificationPreference } from './notification-preference.js';
import { reportErrors } from './report-errors.js';

/** The member-safety pages; the router puts its headers and the switch guard on these paths. */
export const SAFETY_PAGE_PATHS = ['/archived', '/preferences', '/blocks', '/blocks/new', '/blocks/:userId/delete', '/threads/:threadId/:action', '/messages/:messageId/report'];

const archivedQuery = z.object({ cursor: cursorParam });

const THREAD_ACTIONS = ['archive', 'unarchive', 'mute', 'unmute', 'leave'] as const;
type ThreadAction = (typeof THREAD_ACTIONS)[number];

type Page = (req: Request, res: Response) => Promise<void>;
const page = (fn: Page) =>
  function messagingSafetyPage(req: Request, res: Response, next: NextFunction) {
    fn(req, res).catch(next);
  };

function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value.length <= 200 ? value : undefined;
}

/**
 * The member-safety pages (docs/member-safety.md): the Archived view, the settings page ("who
 * may message me" and blocked members), the block confirmation, the report form, and the
 * thread controls' form posts. Every form posts with `_csrf` and answers 303 (POST/redirect/GET).
 */
export function createSafetyPageRoutes(
  ctx: HttpContext,
  conversations: ConversationService,
  csrf: CsrfProtection,
  services: SafetyServices,
  writeAttempt: RequestHandler,
  notifications?: NotificationPreference,
): Router {
  const { blocks, inboxControls, preferences, reports, directory } = services;
  const router = express.Router();
  const signedIn = requireViewer(ctx, 'html');
  // Every form post here spends a write attempt of the member's budget, refused or not.
  const post = [signedIn, formBody(ctx), csrf.guard, writeAttempt];

  router.get(
    '/archived',
    signedIn,
    page(async (req, res) => {
      const { cursor } = validate(archivedQuery, req.query, 'query');
      const list = await conversations.listThreads(viewerId(res), { archived: true, ...(cursor ? { cursor } : {}) });
      const kit = await viewKit(ctx, req);
      const body = archivedHtml(kit, { viewerId: viewerId(res), page: list, base: req.baseUrl, csrfToken: await csrf.token(req), isFirstPage: !cursor });
      await renderPage(ctx, req, res, { title: kit.i18n.t('safety.archivedTitle'), body });
    }),
  );

  router.post(
    '/threads/:threadId/:action',
    ...post,
    page(async (req, res) => {
      const action = req.params.action as ThreadAction;
      if (!THREAD_ACTIONS.includes(action)) throw new MessagingError('not_found');
      const threadId = threadIdParam(req);
      await inboxControls[action](viewerId(res), threadId);
      const back = action === 'archive' || action === 'leave' ? `${req.baseUrl}/` : `${req.baseUrl}/threads/${encodeURIComponent(threadId)}`;
      res.redirect(303, back);
    }),
  );

  async function showPreferences(req: Request, res: Response, options: { saved: boolean; whoError?: boolean; notificationsError?: boolean; status?: number }): Promise<void> {
    const viewer = viewerId(res);
    const [{ whoCanMessage }, blockedIds, mode] = await Promise.all([preferences.get(viewer), blocks.listBlocked(viewer), notifications?.getMode(viewer)]);
    const people = await directory.resolve(blockedIds);
    const kit = await viewKit(ctx, req);
    const body = preferencesHtml(kit, {
      base: req.baseUrl,
      csrfToken: await csrf.token(req),
      whoCanMessage,
      ...(mode ? { notifications: mode } : {}),
      blocked: blockedIds.map((id) => people.get(id)),
      saved: options.saved,
      whoError: options.whoError === true,
      notificationsError: options.notificationsError === true,
    });
    await renderPage(ctx, req, res, { title: kit.i18n.t('safety.preferencesTitle'), body, status: options.status ?? 200 });
  }

  router.get(
    '/preferences',
    signedIn,
    page((req, res) => showPreferences(req, res, { saved: req.query.saved === '1' })),
  );

  router.post(
    '/preferences',
    ...post,
    page(async (req, res) => {
      const form = bodyObject(req);
      const value = form.whoCanMessage;
      // Both choices are checked before either is stored. A form without the notifications
      // field (the host turned them on after the page was shown) keeps the member's mode.
      const mode = notifications ? form.notifications : undefined;
      const badMode = mode !== undefined && !isNotificationMode(mode);
      if (!isWhoCanMessage(value) || badMode) {
        return showPreferences(req, res, {
          saved: false,
          whoError: !isWhoCanMessage(value),
          notificationsError: badMode,
          status: 400,
        });
      }
      await preferences.set(viewerId(res), { whoCanMessage: value });
      if (notifications && isNotificationMode(mode)) await notifications.setMode(viewerId(res), mode);
      res.redirect(303, `${req.baseUrl}/preferences?saved=1`);
    }),
  );

  async function showBlock(req: Request, res: Response, userId: string, done: 'blocked' | 'unblocked' | null): Promise<void> {
    const viewer = viewerId(res);
    if (userId === viewer) throw new MessagingError('invalid_request', 'You cannot block yourself.');
    await directory.checkRecipients([userId]).catch(() => {
      throw new MessagingError('not_found', 'We could not find that member.');
    });
    const [member, blocked] = await Promise.all([directory.resolve([userId]).then((m) => m.get(userId)), blocks.hasBlocked(viewer, userId)]);
    const kit = await viewKit(ctx, req);
    const body = blockPageHtml(kit, { base: req.baseUrl, csrfToken: await csrf.token(req), member, blocked, done });
    const name = isolatedText(member.displayName);
    const title = kit.i18n.t(blocked ? 'safety.blockIsBlocked' : done === 'unblocked' ? 'safety.blockIsUnblocked' : 'safety.blockTitle', { name });
    await renderPage(ctx, req, res, { title, body });
  }

  router.get(
    '/blocks/new',
    signedIn,
    page(async (req, res) => {
      const userId = queryText(req, 'userId');
      if (!isUserId(userId)) throw new MessagingError('not_found', 'We could not find that member.');
      const done = req.query.done === 'blocked' || req.query.done === 'unblocked' ? req.query.done : null;
      await showBlock(req, res, userId, done);
    }),
  );

  const afterBlock = (req: Request, userId: string, done: string) => `${req.baseUrl}/blocks/new?userId=${encodeURIComponent(userId)}&done=${done}`;

  router.post(
    '/blocks',
    ...post,
    page(async (req, res) => {
      const userId = bodyObject(req).userId;
      if (!isUserId(userId)) throw new MessagingError('invalid_request', 'Choose a member to block.');
      await directory.checkRecipients([userId]);
      await blocks.block(viewerId(res), userId);
      res.redirect(303, afterBlock(req, userId, 'blocked'));
    }),
  );

  router.post(
    '/blocks/:userId/delete',
    ...post,
    page(async (req, res) => {
      const userId = userIdParam(req);
      await blocks.unblock(viewerId(res), userId);
      res.redirect(303, afterBlock(req, userId, 'unblocked'));
    }),
  );

  async function showReport(req: Request, res: Response, form: { sent: boolean; reason: string; note: string; errors: { reason?: string; note?: string }; status: number }) {
    const message = await reports.messageToReport(viewerId(res), rowIdParam(req, 'messageId'));
    const sender = (await directory.resolve([message.senderId])).get(message.senderId);
    const kit = await viewKit(ctx, req);
    const body = reportPageHtml(kit, { base: req.baseUrl, csrfToken: await csrf.token(req), message, senderName: sender.displayName, ...form });
    await renderPage(ctx, req, res, { title: kit.i18n.t(form.sent ? 'safety.reportSentTitle' : 'safety.reportTitle'), body, status: form.status });
  }

  router.get(
    '/messages/:messageId/report',
    signedIn,
    page((req, res) => showReport(req, res, { sent: req.query.sent === '1', reason: '', note: '', errors: {}, status: 200 })),
  );

  router.post(
    '/messages/:messageId/report',
    ...post,
    page(async (req, res) => {
      const messageId = rowIdParam(req, 'messageId');
      const form = bodyObject(req);
      const reason = typeof form.reason === 'string' ? form.reason : '';
      const note = typeof form.note === 'string' ? form.note : '';
      try {
        await reports.report(viewerId(res), messageId, { reason, note });
      } catch (err) {
        if (!isMessagingError(err, 'invalid_request')) throw err;
        const errors = reportErrors((await viewKit(ctx, req)).i18n, err);
        return showReport(req, res, { sent: false, reason, note, errors, status: 400 });
      }
      res.redirect(303, `${req.baseUrl}/messages/${encodeURIComponent(messageId)}/report?sent=1`);
    }),
  );

  return router;
}
