import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../http-context.js';
import { isMessagingError, MessagingError } from '../../errors.js';
import type { MessageEditService } from '../../services/conversations/message-edits.js';
import { renderMessageDelete, renderMessageEdit } from '../../views/conversations/message-edit-view.js';
import { bodyObject, formBody, jsonBody } from '../guards/body.js';
import type { CsrfProtection } from '../guards/csrf.js';
import { rowIdParam, validate } from '../guards/validation.js';
import { requireViewer, viewerId } from '../guards/viewer.js';
import { renderPage } from '../responses/render-page.js';
import { viewKit } from '../responses/view-kit.js';
import { handle } from './api-routes.js';
import { formError } from './form-errors.js';

/** The pages of one's own message; the router puts its headers and the switch guard on these paths. */
export const MESSAGE_EDIT_PAGE_PATHS = ['/messages/:messageId/edit', '/messages/:messageId/delete'];

/** What the edit and delete routes need from the router. */
export interface MessageEditRouteDependencies {
  messageEdits: MessageEditService;
  csrf: CsrfProtection;
  /** Spends one of the member's write attempts (the budget every write shares). */
  writeAttempt: RequestHandler;
}

const editBody = z.object({ body: z.string() });

/**
 * `PATCH` and `DELETE /api/messages/:messageId` (mounted at `/api`): only the sender, edits
 * only within `limits.editWindowMinutes` (403 `edit_window_closed`); others' messages 404.
 * Signed in (401), a JSON body (415), CSRF (403), and a write attempt spent, as every write.
 */
export function createMessageEditApiRoutes(ctx: HttpContext, deps: MessageEditRouteDependencies): Router {
  const router = express.Router();
  const write = [requireViewer(ctx, 'json'), ...jsonBody(ctx), deps.csrf.guard, deps.writeAttempt];

  router.patch(
    '/messages/:messageId',
    ...write,
    handle(async (req, res) => {
      const messageId = rowIdParam(req, 'messageId');
      const input = validate(editBody, req.body, 'body');
      return { message: await deps.messageEdits.edit(viewerId(res), messageId, input.body) };
    }),
  );

  router.delete(
    '/messages/:messageId',
    ...write,
    handle(async (req, res) => {
      const messageId = rowIdParam(req, 'messageId');
      return { message: await deps.messageEdits.delete(viewerId(res), messageId) };
    }),
  );

  return router;
}

type Page = (req: Request, res: Response) => Promise<void>;
const page = (fn: Page) =>
  function messagingEditPage(req: Request, res: Response, next: NextFunction) {
    fn(req, res).catch(next);
  };

/**
 * The edit form and the delete confirmation of one's own message, for pages without
 * JavaScript: `GET` shows the form, `POST` (with `_csrf`) saves and answers 303 back to the
 * message in its thread. A failed edit is shown again with the error and the typed text.
 */
export function createMessageEditPageRoutes(ctx: HttpContext, deps: MessageEditRouteDependencies): Router {
  const router = express.Router();
  const signedIn = requireViewer(ctx, 'html');
  const post = [signedIn, formBody(ctx), deps.csrf.guard, deps.writeAttempt];
  const { maxMessageLength } = ctx.limits;
  const backTo = (req: Request, message: { id: string; threadId: string }) => `${req.baseUrl}/threads/${encodeURIComponent(message.threadId)}#m-${encodeURIComponent(message.id)}`;

  /** `error`: in the member's words already; a closed window says so from the catalogue. */
  async function showEdit(req: Request, res: Response, form: { body?: string; error?: string; status: number; closed?: boolean }): Promise<void> {
    const own = await deps.messageEdits.ownMessage(viewerId(res), rowIdParam(req, 'messageId'));
    // Deleted or removed: nothing to edit, as for a message that is not there.
    if (own.message.deleted || own.message.removed) throw new MessagingError('not_found');
    const editableUntil = form.closed ? null : own.editableUntil;
    const kit = await viewKit(ctx, req);
    const body = renderMessageEdit(kit, {
      base: req.baseUrl,
      csrfToken: await deps.csrf.token(req),
      message: own.message,
      editableUntil,
      body: form.body ?? own.message.body,
      ...(form.error ? { error: form.error } : {}),
      maxMessageLength,
    });
    await renderPage(ctx, req, res, { title: kit.i18n.t('messages.editTitle'), body, status: editableUntil === null && form.status === 200 ? 403 : form.status });
  }

  router.get(
    '/messages/:messageId/edit',
    signedIn,
    page((req, res) => showEdit(req, res, { status: 200 })),
  );

  router.post(
    '/messages/:messageId/edit',
    ...post,
    page(async (req, res) => {
      const messageId = rowIdParam(req, 'messageId');
      const value = bodyObject(req).body;
      if (value !== undefined && typeof value !== 'string') {
        throw new MessagingError('invalid_request', undefined, { details: [{ in: 'body', field: 'body', message: 'must be a single text value' }] });
      }
      const typed = value ?? '';
      try {
        const message = await deps.messageEdits.edit(viewerId(res), messageId, typed);
        res.redirect(303, backTo(req, message));
      } catch (err) {
        if (isMessagingError(err, 'edit_window_closed')) return showEdit(req, res, { status: 403, closed: true });
        const { i18n } = await viewKit(ctx, req);
        const shown = formError(err, 'reply', ctx.limits, i18n);
        if (!shown) throw err;
        // An empty box: the edit page's own words ("before saving"); other errors as the reply form words them.
        const message = typed.trim() === '' ? i18n.t('messages.editWriteFirst') : shown.message;
        await showEdit(req, res, { body: typed, error: message, status: shown.status });
      }
    }),
  );

  router.get(
    '/messages/:messageId/delete',
    signedIn,
    page(async (req, res) => {
      const own = await deps.messageEdits.ownMessage(viewerId(res), rowIdParam(req, 'messageId'));
      if (own.message.deleted || own.message.removed) throw new MessagingError('not_found');
      const kit = await viewKit(ctx, req);
      const body = renderMessageDelete(kit, { base: req.baseUrl, csrfToken: await deps.csrf.token(req), message: own.message });
      await renderPage(ctx, req, res, { title: kit.i18n.t('messages.deleteTitle'), body });
    }),
  );

  router.post(
    '/messages/:messageId/delete',
    ...post,
    page(async (req, res) => {
      const message = await deps.messageEdits.delete(viewerId(res), rowIdParam(req, 'messageId'));
      res.redirect(303, backTo(req, message));
    }),
  );

  return router;
}
