import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../http-context.js';
import { WHO_CAN_MESSAGE } from '../../services/safety/member-preferences.js';
import { REPORT_REASONS } from '../../services/safety/report-reasons.js';
import { handle } from '../conversations/api-routes.js';
import { jsonBody } from '../guards/body.js';
import type { CsrfProtection } from '../guards/csrf.js';
import type { ConversationService } from '../../services/conversations/conversation-service.js';
import type { SafetyServices } from '../../services/safety/safety-services.js';
import { cursorParam, limitParam, rowIdParam, threadIdParam, userIdField, userIdParam, validate } from '../guards/validation.js';
import { requireViewer, viewerId } from '../guards/viewer.js';
import { NOTIFICATION_MODES, type NotificationPreference } from './notification-preference.js';

/** What a member may do to a thread of theirs through the API: `POST /api/threads/:threadId/<action>`. */
const THREAD_API_ACTIONS = ['archive', 'unarchive', 'mute', 'unmute', 'leave'] as const;

/**
 * The API paths of this file but `GET /threads` (shared with the inbox, see the router), for
 * the router's headers and switch guard. The thread actions are named one by one, so that a
 * send or a read mark (`/threads/:threadId/messages`, `/read`) does not pass this router.
 */
export const SAFETY_API_PATHS = [...THREAD_API_ACTIONS.map((a) => `/threads/:threadId/${a}`), '/blocks', '/blocks/:userId', '/preferences', '/messages/:messageId/report'];

/** Whether `GET /api/threads` asks for the Archived view (`?archived=true`), which this router answers; else the inbox does. */
export const isArchivedView = (req: Request): boolean => req.query.archived === 'true';

const archivedQuery = z.object({ archived: z.literal('true'), cursor: cursorParam, limit: limitParam });
const blockBody = z.object({ userId: userIdField });
const preferencesBody = z.object({ whoCanMessage: z.enum(WHO_CAN_MESSAGE) });
// With notifications on, either field may come alone; at least one must.
const preferencesWithNotificationsBody = z
  .object({ whoCanMessage: z.enum(WHO_CAN_MESSAGE).optional(), notifications: z.enum(NOTIFICATION_MODES).optional() })
  .refine((b) => b.whoCanMessage !== undefined || b.notifications !== undefined, { message: 'give whoCanMessage, notifications or both', path: ['whoCanMessage'] });
// The note's length is the services' rule (MAX_REPORT_NOTE_LENGTH, counted in characters after trimming): checked there only.
const reportBody = z.object({ reason: z.enum(REPORT_REASONS), note: z.string().nullable().optional() });

/**
 * The member-safety JSON API (docs/member-safety.md), mounted at `/api` behind the router's
 * switch guard and headers: archive / mute / leave a thread, blocks, "who may message me" and
 * reports. Same rules as the rest of the API: signed in (401), JSON bodies (415), CSRF (403),
 * a thread or message the viewer is not in answers 404 `not_found`.
 */
export function createSafetyApiRoutes(
  ctx: HttpContext,
  csrf: CsrfProtection,
  conversations: ConversationService,
  services: SafetyServices,
  writeAttempt: RequestHandler,
  notifications?: NotificationPreference,
): Router {
  const { blocks, inboxControls, preferences, reports, directory } = services;
  const router = express.Router();
  const signedIn = requireViewer(ctx, 'json');
  // Every write here spends a write attempt of the member's budget, refused or not.
  const write = [signedIn, ...jsonBody(ctx), csrf.guard, writeAttempt];

  // `GET /api/threads?archived=true`: the Archived view; without the flag, the main router's inbox answers.
  router.get('/threads', function archivedThreads(req: Request, res: Response, next: NextFunction) {
    if (!isArchivedView(req)) return next();
    signedIn(req, res, (err?: unknown) => {
      if (err) return next(err);
      handle(async () => {
        const query = validate(archivedQuery, req.query, 'query');
        const page = await conversations.listThreads(viewerId(res), { archived: true, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
        return { threads: page.items, nextCursor: page.nextCursor };
      })(req, res, next);
    });
  });

  const threadAction = (action: 'archive' | 'unarchive' | 'mute' | 'unmute') =>
    handle(async (req, res) => {
      const threadId = threadIdParam(req);
      await inboxControls[action](viewerId(res), threadId);
      const state = await inboxControls.stateOf(viewerId(res), threadId);
      return { threadId, archived: state.archived, muted: state.muted };
    });
  for (const action of ['archive', 'unarchive', 'mute', 'unmute'] as const) router.post(`/threads/:threadId/${action}`, ...write, threadAction(action));

  router.post(
    '/threads/:threadId/leave',
    ...write,
    handle(async (req, res) => {
      const threadId = threadIdParam(req);
      await inboxControls.leave(viewerId(res), threadId);
      return { threadId, left: true };
    }),
  );

  router.get(
    '/blocks',
    signedIn,
    handle(async (_req, res) => {
      const ids = await blocks.listBlocked(viewerId(res));
      const people = await directory.resolve(ids);
      return { blocked: ids.map((id) => people.get(id)) };
    }),
  );

  router.post(
    '/blocks',
    ...write,
    handle(async (req, res) => {
      const { userId } = validate(blockBody, req.body, 'body');
      await directory.checkRecipients([userId]);
      await blocks.block(viewerId(res), userId);
      res.status(201);
      return { blocked: (await directory.resolve([userId])).get(userId) };
    }),
  );

  router.delete(
    '/blocks/:userId',
    ...write,
    handle(async (req, res) => {
      const userId = userIdParam(req);
      await blocks.unblock(viewerId(res), userId);
      return { unblocked: userId };
    }),
  );

  // `notifications` is part of the shape only when the host sends notifications.
  async function preferencesOf(userId: string) {
    const [who, mode] = await Promise.all([preferences.get(userId), notifications?.getMode(userId)]);
    return mode ? { ...who, notifications: mode } : who;
  }

  router.get(
    '/preferences',
    signedIn,
    handle(async (_req, res) => preferencesOf(viewerId(res))),
  );

  router.put(
    '/preferences',
    ...write,
    handle(async (req, res) => {
      if (!notifications) {
        const input = validate(preferencesBody, req.body, 'body');
        return preferences.set(viewerId(res), { whoCanMessage: input.whoCanMessage as 'everyone' });
      }
      const input = validate(preferencesWithNotificationsBody, req.body, 'body');
      if (input.whoCanMessage) await preferences.set(viewerId(res), { whoCanMessage: input.whoCanMessage });
      if (input.notifications) await notifications.setMode(viewerId(res), input.notifications);
      return preferencesOf(viewerId(res));
    }),
  );

  router.post(
    '/messages/:messageId/report',
    ...write,
    handle(async (req, res) => {
      const messageId = rowIdParam(req, 'messageId');
      const input = validate(reportBody, req.body, 'body');
      const result = await reports.report(viewerId(res), messageId, { reason: input.reason, note: input.note ?? null });
      res.status(result.created ? 201 : 200);
      return { report: result.report, created: result.created };
    }),
  );

  return router;
}
