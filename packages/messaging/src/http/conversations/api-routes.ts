import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../http-context.js';
import { MessagingError } from '../../errors.js';
import { checkContext } from '../../services/conversations/conversation-context.js';
import { requestFingerprint } from '../../services/conversations/idempotency.js';
import { attachmentIdsField, attachmentInput } from '../attachments/attachment-ids.js';
import { jsonBody } from '../guards/body.js';
import type { CsrfProtection } from '../guards/csrf.js';
import type { RouterDependencies, StoredAnswer } from './dependencies.js';
import { sendJson } from '../responses/json-answer.js';
import { type SenderLimits, withSlots } from '../guards/rate-limit.js';
import { cursorParam, idempotencyKey, limitParam, messageIdField, messageIdParam, threadIdParam, userIdField, validate } from '../guards/validation.js';
import { requireViewer, viewerId } from '../guards/viewer.js';

const listQuery = z.object({ cursor: cursorParam, limit: limitParam });
const threadQuery = z.object({ before: messageIdParam, limit: limitParam });
const startBody = z.object({
  recipientIds: z.array(userIdField).min(1, 'must name at least one recipient').max(1000),
  subject: z.string().nullable().optional(),
  body: z.string(),
  // `{ type, id }`: checked by the service (checkContext), which names the field that fails.
  context: z.unknown().optional(),
});
const sendBody = z.object({ body: z.string() });
const readBody = z.object({ lastReadMessageId: messageIdField.optional() });

type Handler = (req: Request, res: Response) => Promise<unknown>;

/** Runs an async handler, sending what it returns as JSON with 200 and any failure to `next`. */
export const handle = (fn: Handler) =>
  function messagingApiHandler(req: Request, res: Response, next: NextFunction) {
    fn(req, res).then((body) => {
      if (body !== undefined && !res.headersSent) sendJson(res, res.statusCode, body);
    }, next);
  };

/**
 * The JSON API of the contract (`/api/events` only when `deps.events` is given), mounted at
 * `/api` behind the toggle guard before the other API routers (sends and the inbox pass no
 * other router), with {@link apiNotFound} after them all. Writes need a signed-in viewer, an
 * `application/json` body and pass the CSRF guard; the two sending routes honour
 * `Idempotency-Key` and the sender's rate limits.
 */
export function createApiRoutes(ctx: HttpContext, deps: RouterDependencies, csrf: CsrfProtection, limits: SenderLimits): Router {
  const { conversations, idempotency } = deps;
  // `attachmentIds` up to the instance's files per message (none while attachments are off).
  const startInput = startBody.extend({ attachmentIds: attachmentIdsField(deps.attachments) });
  const sendInput = sendBody.extend({ attachmentIds: attachmentIdsField(deps.attachments) });
  const router = express.Router();
  const signedIn = requireViewer(ctx, 'json');
  const write = [signedIn, ...jsonBody(ctx), csrf.guard];
  // Sends and new threads also spend a write attempt, refused or not; read marks do not.
  const send = [...write, deps.writeAttempt];

  /**
   * Answers with `compute()`'s stored answer, or replays the first one for a known key. The key
   * is bound to this request (method, route, thread, body): reused on another, it is 422.
   */
  async function idempotent(req: Request, res: Response, route: string, compute: () => Promise<StoredAnswer>): Promise<void> {
    const key = idempotencyKey(req);
    if (key === undefined) {
      const answer = await compute();
      sendJson(res, answer.status, answer.body);
      return;
    }
    const fingerprint = requestFingerprint({ method: req.method, route, threadId: req.params.threadId ?? null, body: req.body ?? null });
    const answer = await idempotency.remember(viewerId(res), key, compute, fingerprint);
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    sendJson(res, answer.status, answer.body);
  }

  router.get(
    '/threads',
    signedIn,
    handle(async (req, res) => {
      const query = validate(listQuery, req.query, 'query');
      const page = await conversations.listThreads(viewerId(res), { ...(query.cursor ? { cursor: query.cursor } : {}), limit: query.limit });
      return { threads: page.items, nextCursor: page.nextCursor };
    }),
  );

  router.post(
    '/threads',
    ...send,
    handle(async (req, res) => {
      const input = validate(startInput, req.body, 'body');
      const senderId = viewerId(res);
      await idempotent(req, res, 'POST /api/threads', async () => {
        const result = await withSlots(
          [
            { limiter: limits.messages, key: senderId },
            { limiter: limits.newThreads, key: senderId },
          ],
          () =>
            conversations.startConversation({
              senderId,
              recipientIds: input.recipientIds,
              subject: input.subject ?? null,
              body: input.body,
              context: checkContext(input.context),
              ...attachmentInput(input.attachmentIds),
            }),
          (r) => [true, r.created],
        );
        return { status: result.created ? 201 : 200, body: { thread: result.thread, message: result.message, created: result.created } };
      });
    }),
  );

  router.get(
    '/threads/:threadId',
    signedIn,
    handle(async (req, res) => {
      const threadId = threadIdParam(req);
      const query = validate(threadQuery, req.query, 'query');
      const page = await conversations.getThread(viewerId(res), threadId, { ...(query.before ? { before: query.before } : {}), limit: query.limit });
      return { thread: page.thread, messages: page.messages, events: page.events, nextCursor: page.nextCursor };
    }),
  );

  router.post(
    '/threads/:threadId/messages',
    ...send,
    handle(async (req, res) => {
      const threadId = threadIdParam(req);
      const input = validate(sendInput, req.body, 'body');
      const senderId = viewerId(res);
      await idempotent(req, res, 'POST /api/threads/:threadId/messages', async () => {
        const message = await withSlots([{ limiter: limits.messages, key: senderId }], () =>
          conversations.sendMessage({ senderId, threadId, body: input.body, ...attachmentInput(input.attachmentIds) }),
        );
        return { status: 201, body: { message } };
      });
    }),
  );

  router.post(
    '/threads/:threadId/read',
    ...write,
    handle(async (req, res) => {
      const threadId = threadIdParam(req);
      const input = validate(readBody, req.body, 'body');
      const state = await conversations.markRead(viewerId(res), threadId, input.lastReadMessageId);
      return { unreadCount: state.unreadCount, unreadTotal: state.unreadTotal };
    }),
  );

  router.get(
    '/unread',
    signedIn,
    handle(async (_req, res) => {
      const state = await conversations.getUnread(viewerId(res));
      return { unreadTotal: state.unreadTotal, unreadThreads: state.unreadThreads };
    }),
  );

  router.get(
    '/csrf',
    signedIn,
    handle(async (req) => ({ token: await csrf.token(req) })),
  );

  if (deps.events) router.get('/events', deps.events);
  return router;
}

/** Mounted after every router under `/api`: anything else there is JSON too, the contract's error rather than a host page. */
export function apiNotFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new MessagingError('not_found'));
}
