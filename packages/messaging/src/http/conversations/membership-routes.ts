import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../http-context.js';
import { fieldErrorsOf, isMessagingError, MessagingError } from '../../errors.js';
import type { ConversationService } from '../../services/conversations/conversation-service.js';
import type { MembershipService } from '../../services/conversations/group-membership.js';
import type { Translator } from '../../views/i18n/translator.js';
import { renderGroupSettings } from '../../views/conversations/group-settings-view.js';
import { bodyObject, formBody, jsonBody } from '../guards/body.js';
import type { CsrfProtection } from '../guards/csrf.js';
import { threadIdParam, userIdField, validate } from '../guards/validation.js';
import { requireViewer, viewerId } from '../guards/viewer.js';
import { renderPage } from '../responses/render-page.js';
import { viewKit } from '../responses/view-kit.js';
import { handle } from './api-routes.js';

/** The group settings pages; the router puts its headers and the switch guard on these paths. */
export const MEMBERSHIP_PAGE_PATHS = ['/threads/:threadId/settings', '/threads/:threadId/settings/members', '/threads/:threadId/settings/subject'];

/** What the membership routes need from the router. */
export interface MembershipRouteDependencies {
  conversations: Pick<ConversationService, 'getThread'>;
  membership: MembershipService;
  csrf: CsrfProtection;
  /** Spends one of the member's write attempts (the budget every write shares). */
  writeAttempt: RequestHandler;
}

const addBody = z.object({ userIds: z.array(userIdField).min(1, 'must name at least one member').max(100) });
const renameBody = z.object({ subject: z.string().nullable() });
/** Errors shown next to a settings form; any other gets the error page. */
const SHOWN_AGAIN = new Set(['invalid_request', 'invalid_recipient', 'payload_too_large', 'blocked', 'recipient_unavailable', 'suspended', 'forbidden']);

/**
 * `POST /api/threads/:threadId/members` (`{ userIds }` → 200 `{ thread, event, added }`) and
 * `PATCH /api/threads/:threadId` (`{ subject }` → 200 `{ thread, event }`), mounted at `/api`:
 * signed in (401), a JSON body (415), CSRF (403), a write attempt spent; a thread the viewer is
 * not in is 404, a direct thread 403 `forbidden`.
 */
export function createMembershipApiRoutes(ctx: HttpContext, deps: MembershipRouteDependencies): Router {
  const router = express.Router();
  const write = [requireViewer(ctx, 'json'), ...jsonBody(ctx), deps.csrf.guard, deps.writeAttempt];

  router.post(
    '/threads/:threadId/members',
    ...write,
    handle(async (req, res) => {
      const threadId = threadIdParam(req);
      const input = validate(addBody, req.body, 'body');
      const result = await deps.membership.addMembers({ actorId: viewerId(res), threadId, userIds: input.userIds });
      return { thread: result.thread, event: result.event, added: result.added };
    }),
  );

  router.patch(
    '/threads/:threadId',
    ...write,
    handle(async (req, res) => {
      const threadId = threadIdParam(req);
      const input = validate(renameBody, req.body, 'body');
      const result = await deps.membership.renameThread({ actorId: viewerId(res), threadId, subject: input.subject });
      return { thread: result.thread, event: result.event };
    }),
  );

  return router;
}

/** A form field that must be one text value. */
function textField(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new MessagingError('invalid_request', undefined, { details: [{ in: 'body', field: name, message: 'must be a single text value' }] });
  return value;
}

/** What a settings form says about a refused member list or name (the services' details are English for the API: matched here, worded from the catalogue). */
function invalidFieldMessage(field: 'userIds' | 'subject', detail: string | undefined, limits: { maxMembers: number; maxSubjectLength: number }, i18n: Translator): string {
  if (field === 'subject') {
    if (detail === 'must be text') return i18n.t('messages.groupErrorNameText');
    if (detail === 'must be a single line') return i18n.t('messages.groupErrorNameLine');
    if (detail?.startsWith('must be at most')) return i18n.t('messages.groupErrorNameLength', { count: limits.maxSubjectLength });
    return i18n.t('messages.groupErrorName');
  }
  if (detail === 'must name at least one member') return i18n.t('messages.groupErrorNoMember');
  if (detail?.startsWith('must name at most')) return i18n.t('messages.groupErrorTooManyIds', { count: Number(/\d+/.exec(detail)?.[0] ?? 100) });
  if (detail === 'must be member ids without control characters') return i18n.t('messages.groupErrorBadIds');
  if (detail === 'names only members already in this conversation') return i18n.t('messages.groupErrorAlreadyIn');
  if (detail?.startsWith('would make the conversation larger')) return i18n.t('messages.groupErrorTooLarge', { count: limits.maxMembers });
  return i18n.t('messages.groupErrorMembers');
}

/** The message a settings form shows for a refused change, in the member's words. */
function formMessage(err: MessagingError, field: 'userIds' | 'subject', limits: { maxMembers: number; maxSubjectLength: number }, i18n: Translator): string {
  if (err.code === 'invalid_request') return invalidFieldMessage(field, fieldErrorsOf(err)[0]?.message, limits, i18n);
  if (err.code === 'payload_too_large' && field === 'subject') return i18n.t('messages.groupErrorNameLength', { count: limits.maxSubjectLength });
  // The other codes shown here (a refused member, a suspension…) say it in the contract's words.
  return i18n.t(`errors.${err.code as 'invalid_recipient'}`);
}

/**
 * The group settings page (`GET /threads/:threadId/settings`: members, add, rename) and its two
 * forms (`POST …/settings/members` with `userIds`, comma separated; `POST …/settings/subject`
 * with `subject`), each with `_csrf`, working without JavaScript. Success answers 303 to the
 * thread; a refused change shows the page again with the error next to the field and the
 * typed text kept.
 */
export function createMembershipPageRoutes(ctx: HttpContext, deps: MembershipRouteDependencies): Router {
  const router = express.Router();
  const signedIn = requireViewer(ctx, 'html');
  const post = [signedIn, formBody(ctx), deps.csrf.guard, deps.writeAttempt];
  const page = (fn: (req: Request, res: Response) => Promise<void>) =>
    function messagingMembershipPage(req: Request, res: Response, next: NextFunction) {
      fn(req, res).catch(next);
    };

  async function show(req: Request, res: Response, form: { userIds: string; subject?: string; errors: { userIds?: string; subject?: string }; status: number }) {
    const { thread } = await deps.conversations.getThread(viewerId(res), threadIdParam(req), { limit: 1 });
    if (thread.kind !== 'group') throw new MessagingError('forbidden', 'Only a group conversation can get new members or a new name.');
    const kit = await viewKit(ctx, req);
    const body = renderGroupSettings(kit, {
      base: req.baseUrl,
      csrfToken: await deps.csrf.token(req),
      thread,
      maxMembers: await deps.membership.maxMembers(),
      userIds: form.userIds,
      subject: form.subject ?? thread.subject ?? '',
      errors: form.errors,
      maxSubjectLength: ctx.limits.maxSubjectLength,
    });
    await renderPage(ctx, req, res, { title: kit.i18n.t('messages.groupTitle'), status: form.status, body });
  }

  /** Runs a change; on a refusal the page is shown again with the error next to `field`. */
  async function change(req: Request, res: Response, field: 'userIds' | 'subject', typed: { userIds: string; subject?: string }, run: () => Promise<unknown>) {
    try {
      await run();
      res.redirect(303, `${req.baseUrl}/threads/${encodeURIComponent(threadIdParam(req))}`);
    } catch (err) {
      if (!isMessagingError(err) || !SHOWN_AGAIN.has(err.code)) throw err;
      const limits = { maxMembers: await deps.membership.maxMembers(), maxSubjectLength: ctx.limits.maxSubjectLength };
      await show(req, res, { ...typed, errors: { [field]: formMessage(err, field, limits, (await viewKit(ctx, req)).i18n) }, status: err.status });
    }
  }

  router.get(
    '/threads/:threadId/settings',
    signedIn,
    page((req, res) => show(req, res, { userIds: '', errors: {}, status: 200 })),
  );

  router.post(
    '/threads/:threadId/settings/members',
    ...post,
    page(async (req, res) => {
      const typed = textField(bodyObject(req), 'userIds');
      const userIds = [
        ...new Set(
          typed
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        ),
      ];
      await change(req, res, 'userIds', { userIds: typed }, () => deps.membership.addMembers({ actorId: viewerId(res), threadId: threadIdParam(req), userIds }));
    }),
  );

  router.post(
    '/threads/:threadId/settings/subject',
    ...post,
    page(async (req, res) => {
      const subject = textField(bodyObject(req), 'subject');
      await change(req, res, 'subject', { userIds: '', subject }, () => deps.membership.renameThread({ actorId: viewerId(res), threadId: threadIdParam(req), subject }));
    }),
  );

  return router;
}
