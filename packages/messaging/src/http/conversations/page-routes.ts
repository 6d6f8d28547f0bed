import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../http-context.js';
import { isMessagingError, MessagingError } from '../../errors.js';
import type { MessagingUser } from '../../options.js';
import { type ComposeErrors, type ComposePicker, renderCompose } from '../../views/conversations/compose-view.js';
import { MAX_RECIPIENT_QUERY_LENGTH } from '../../services/conversations/recipient-search.js';
import { renderInbox } from '../../views/conversations/inbox-view.js';
import type { Translator } from '../../views/i18n/translator.js';
import { threadTitle } from '../../views/text/format.js';
import { inMemberWords } from '../../views/conversations/deleted-member.js';
import { renderThread } from '../../views/conversations/thread-view.js';
import { viewKit } from '../responses/view-kit.js';
import { attachmentInput } from '../attachments/attachment-ids.js';
import { pageFormBody, pageUploadsOf, sendWithUploads } from '../attachments/page-uploads.js';
import { bodyObject, formBody } from '../guards/body.js';
import type { CsrfProtection } from '../guards/csrf.js';
import type { RouterDependencies } from './dependencies.js';
import { formError } from './form-errors.js';
import { type SenderLimits, withSlots } from '../guards/rate-limit.js';
import { refreshUnreadLocals } from '../host/locals.js';
import { renderPage } from '../responses/render-page.js';
import { isUserId } from '../../services/conversations/ids.js';
import { checkContext, type ConversationContext, resolveContexts } from '../../services/conversations/conversation-context.js';
import { cursorParam, messageIdParam, threadIdParam, validate } from '../guards/validation.js';
import { requireViewer, viewerId } from '../guards/viewer.js';

const inboxQuery = z.object({ cursor: cursorParam });
const threadQuery = z.object({ before: messageIdParam });
/** `to` may repeat (a group) and each value may list several ids separated by commas. */
const toParam = z.union([z.string(), z.array(z.string()).max(100)]).optional();
const composeQuery = z.object({ to: toParam, q: z.string().optional(), contextType: z.string().optional(), contextId: z.string().optional() });
const MAX_RECIPIENT_IDS = 100;

type Page = (req: Request, res: Response) => Promise<void>;
const page = (fn: Page) =>
  function messagingPageHandler(req: Request, res: Response, next: NextFunction) {
    fn(req, res).catch(next);
  };

/** Splits the `to` field(s) into unique ids, keeping their order. */
function recipientIdsOf(to: string | string[] | undefined, where: 'query' | 'body'): string[] {
  const values = to === undefined ? [] : Array.isArray(to) ? to : [to];
  const ids = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const unique = [...new Set(ids)];
  if (unique.length > MAX_RECIPIENT_IDS) {
    throw new MessagingError('invalid_request', undefined, { details: [{ in: where, field: 'to', message: 'names too many members' }] });
  }
  // Checked before the host's getUsers or any query sees them.
  if (!unique.every(isUserId)) {
    throw new MessagingError('invalid_request', undefined, { details: [{ in: where, field: 'to', message: 'must be member ids without control characters' }] });
  }
  return unique;
}

/** The context named by `contextType` and `contextId` (query or form), checked; null when neither is given. */
function contextOf(type: unknown, id: unknown, where: 'query' | 'body'): ConversationContext | null {
  return type === undefined && id === undefined ? null : checkContext({ type, id }, where);
}

/** A string field of a form; a repeated field (an array) is not valid where one value is expected. */
function textField(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') {
    throw new MessagingError('invalid_request', undefined, { details: [{ in: 'body', field: name, message: 'must be a single text value' }] });
  }
  return value;
}

/**
 * The server-rendered pages of the contract: inbox, compose, start, thread, reply. They work
 * without JavaScript; every form carries `_csrf`; a form that fails is shown again with the
 * error next to its field and the typed text kept.
 */
export function createPageRoutes(ctx: HttpContext, deps: RouterDependencies, csrf: CsrfProtection, limits: SenderLimits): Router {
  const { conversations } = deps;
  const router = express.Router();
  const signedIn = requireViewer(ctx, 'html');
  // Both forms (new thread, reply) spend a write attempt, refused or not.
  // Multipart with files when attachments are on: CSRF and the write attempt run before the first file is stored.
  const post = [signedIn, pageFormBody(ctx, deps.attachments, [formBody(ctx), csrf.guard, deps.writeAttempt], [csrf.guard, deps.writeAttempt])];
  const fileOptions = deps.attachments?.options;
  const fileInput = fileOptions
    ? { attachments: { allowedTypes: fileOptions.allowedTypes, maxFiles: fileOptions.maxFilesPerMessage, maxFileBytes: fileOptions.maxFileBytes } }
    : {};
  const { maxMessageLength, maxSubjectLength } = ctx.limits;

  /** The known members among `ids`, in the order asked, without the viewer. */
  async function knownMembers(ids: string[], viewer: string): Promise<MessagingUser[]> {
    const wanted = ids.filter((id) => id !== viewer);
    if (wanted.length === 0) return [];
    const found = new Map((await ctx.users.getUsers(wanted)).map((u) => [String(u.id), u]));
    return wanted.flatMap((id) => found.get(id) ?? []);
  }

  /** The recipient picker when the host gave `users.search`: what `q` finds, or why it was refused. */
  async function pickerFor(viewer: string, q: string | undefined, i18n: Translator): Promise<ComposePicker | null> {
    if (!deps.recipients.available) return null;
    const picker = { q: q ?? '', results: null, maxLength: MAX_RECIPIENT_QUERY_LENGTH };
    if (q === undefined || q.trim() === '') return q === undefined ? picker : { ...picker, error: i18n.t('conversations.composePickerEmpty') };
    try {
      return { ...picker, results: await deps.recipients.search(viewer, q) };
    } catch (err) {
      if (!isMessagingError(err, 'invalid_request')) throw err;
      return { ...picker, error: i18n.t('conversations.composePickerTooLong', { max: MAX_RECIPIENT_QUERY_LENGTH }) };
    }
  }

  async function showCompose(
    req: Request,
    res: Response,
    form: { ids: string[]; q?: string; subject: string; body: string; errors: ComposeErrors; status: number; context: ConversationContext | null },
  ): Promise<void> {
    const viewer = viewerId(res);
    const kit = await viewKit(ctx, req);
    const known = await knownMembers(form.ids, viewer);
    // Show names (with hidden fields) only when every id asked for is a member one may write to.
    const allKnown = form.ids.length > 0 && known.length === form.ids.length;
    const errors = { ...form.errors };
    if (form.ids.length > 0 && !allKnown && !errors.to) {
      errors.to = kit.i18n.t(form.ids.includes(viewer) ? 'conversations.composeToSelf' : 'conversations.composeToUnknown');
    }
    await renderPage(ctx, req, res, {
      title: kit.i18n.t('conversations.composeHeading'),
      status: form.status,
      body: renderCompose(kit, {
        base: req.baseUrl,
        csrfToken: await csrf.token(req),
        recipients: allKnown ? known : [],
        picker: await pickerFor(viewer, form.q, kit.i18n),
        subject: form.subject,
        body: form.body,
        errors,
        maxMessageLength,
        maxSubjectLength,
        ...fileInput,
        context: form.context,
        // The host's title of what the message is about, shown above the form.
        ...(form.context ? { contextInfo: (await resolveContexts(ctx, [form.context], viewer))(form.context) } : {}),
      }),
    });
  }

  async function showThread(
    req: Request,
    res: Response,
    options: { before?: string; body: string; errors: { body?: string; form?: string; files?: string }; status: number; markRead: boolean },
  ): Promise<void> {
    const viewer = viewerId(res);
    const threadId = threadIdParam(req);
    const data = await conversations.getThread(viewer, threadId, options.before ? { before: options.before } : {});
    // Read with the page: what came after it reaches the page through its stream. Without the
    // deployment's event-id key (its first read failed), the page still renders; its stream starts when it opens.
    const liveResumeId =
      !options.before && deps.liveResume
        ? await deps.liveResume(viewer, data.latestMessageId).catch((err: unknown) => {
            ctx.logger.warn({ err: String((err as Error)?.message ?? err) }, "messaging: could not seal the thread page's live-update mark; its stream starts when it opens");
            return null;
          })
        : null;
    const newest = data.messages[data.messages.length - 1];
    // Nothing to mark when the viewer has read up to the newest message shown already.
    const readMark = data.viewer.lastReadMessageId;
    const alreadyRead = data.thread.unreadCount === 0 && readMark !== null && newest !== undefined && BigInt(readMark) >= BigInt(newest.id);
    if (options.markRead && newest && !alreadyRead) {
      const { unreadTotal } = await conversations.markRead(viewer, threadId, newest.id);
      refreshUnreadLocals(res, unreadTotal);
    }
    const kit = await viewKit(ctx, req);
    await renderPage(ctx, req, res, {
      title: threadTitle(inMemberWords(data.thread, kit.i18n), viewer, kit.i18n),
      status: options.status,
      body: renderThread(kit, {
        viewerId: viewer,
        base: req.baseUrl,
        thread: data.thread,
        messages: data.messages,
        events: data.events,
        nextCursor: data.nextCursor,
        isLatestPage: !options.before,
        csrfToken: await csrf.token(req),
        body: options.body,
        errors: options.errors,
        maxMessageLength,
        ...fileInput,
        controls: await deps.threadControls({ viewerId: viewer, thread: data.thread, base: req.baseUrl, csrfToken: await csrf.token(req), viewer: data.viewer, kit }),
        editWindowMs: ctx.limits.editWindowMinutes * 60_000,
        now: ctx.now(),
        liveResumeId,
      }),
    });
  }

  router.get(
    '/',
    signedIn,
    page(async (req, res) => {
      const { cursor } = validate(inboxQuery, req.query, 'query');
      const list = await conversations.listThreads(viewerId(res), cursor ? { cursor } : {});
      // Asked only when the inbox is empty: where did the member's conversations go?
      const hasArchived = !cursor && list.items.length === 0 && (await conversations.hasArchivedThreads(viewerId(res)));
      const kit = await viewKit(ctx, req);
      const body = renderInbox(kit, { viewerId: viewerId(res), page: list, base: req.baseUrl, isFirstPage: !cursor, hasArchived, now: ctx.now() });
      await renderPage(ctx, req, res, { title: kit.i18n.t('conversations.inboxHeading'), body });
    }),
  );

  router.get(
    '/new',
    signedIn,
    page(async (req, res) => {
      const { to, q, contextType, contextId } = validate(composeQuery, req.query, 'query');
      const ids = recipientIdsOf(to, 'query');
      const context = contextOf(contextType, contextId, 'query');
      await showCompose(req, res, { ids, ...(q === undefined ? {} : { q }), subject: '', body: '', errors: {}, status: 200, context });
    }),
  );

  router.post(
    '/',
    ...post,
    page(async (req, res) => {
      const form = bodyObject(req);
      const rawTo = form.to;
      const ids = recipientIdsOf(validate(toParam, rawTo, 'body'), 'body');
      const subject = textField(form, 'subject');
      const body = textField(form, 'body');
      const context = contextOf(form.contextType, form.contextId, 'body');
      const senderId = viewerId(res);
      const refused = pageUploadsOf(req).refused;
      if (refused) {
        if (refused.retryAfter) res.setHeader('Retry-After', String(refused.retryAfter));
        await showCompose(req, res, { ids, subject, body, errors: { files: refused.message }, status: refused.status, context });
        return;
      }
      try {
        const result = await sendWithUploads(req, res, deps.attachments, (fileIds) =>
          withSlots(
            [
              { limiter: limits.messages, key: senderId },
              { limiter: limits.newThreads, key: senderId },
            ],
            () => conversations.startConversation({ senderId, recipientIds: ids, subject: subject.trim() || null, body, context, ...attachmentInput(fileIds) }),
            (r) => [true, r.created],
          ),
        );
        res.redirect(303, `${req.baseUrl}/threads/${encodeURIComponent(result.thread.id)}`);
      } catch (err) {
        const shown = formError(err, 'compose', ctx.limits, (await viewKit(ctx, req)).i18n);
        if (!shown) throw err;
        if (shown.retryAfter) res.setHeader('Retry-After', String(shown.retryAfter));
        await showCompose(req, res, { ids, subject, body, errors: { [shown.field]: shown.message }, status: shown.status, context });
      }
    }),
  );

  router.get(
    '/threads/:threadId',
    signedIn,
    page(async (req, res) => {
      const { before } = validate(threadQuery, req.query, 'query');
      // A page pulled in by another site (an <img>, a fetch) must not mark the thread read.
      const dest = req.get('sec-fetch-dest');
      const markRead = dest === undefined || dest === 'document' || dest === 'iframe';
      await showThread(req, res, { ...(before ? { before } : {}), body: '', errors: {}, status: 200, markRead });
    }),
  );

  router.post(
    '/threads/:threadId',
    ...post,
    page(async (req, res) => {
      const threadId = threadIdParam(req);
      const body = textField(bodyObject(req), 'body');
      const senderId = viewerId(res);
      const refused = pageUploadsOf(req).refused;
      if (refused) {
        if (refused.retryAfter) res.setHeader('Retry-After', String(refused.retryAfter));
        await showThread(req, res, { body, errors: { files: refused.message }, status: refused.status, markRead: false });
        return;
      }
      try {
        const message = await sendWithUploads(req, res, deps.attachments, (fileIds) =>
          withSlots([{ limiter: limits.messages, key: senderId }], () => conversations.sendMessage({ senderId, threadId, body, ...attachmentInput(fileIds) })),
        );
        res.redirect(303, `${req.baseUrl}/threads/${encodeURIComponent(threadId)}#m-${encodeURIComponent(message.id)}`);
      } catch (err) {
        const shown = formError(err, 'reply', ctx.limits, (await viewKit(ctx, req)).i18n);
        if (!shown) throw err;
        if (shown.retryAfter) res.setHeader('Retry-After', String(shown.retryAfter));
        await showThread(req, res, { body, errors: { [shown.field]: shown.message }, status: shown.status, markRead: false });
      }
    }),
  );

  return router;
}
