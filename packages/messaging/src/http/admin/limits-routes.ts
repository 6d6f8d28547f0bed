import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { HttpContext } from '../http-context.js';
import { fieldErrorsOf, isMessagingError } from '../../errors.js';
import { type AdminLimitsService, LIMIT_BOUNDS, type SendingLimits, type SendingLimitsChange } from '../../services/settings/admin-limits.js';
import { english } from '../../views/i18n/localization.js';
import { defaultRenderer } from '../../views/rendering/engine.js';
import type { ViewKit } from '../../views/rendering/view-kit.js';
import { type LimitsFormInput, limitsFormHtml, limitsPageHtml } from '../../views/safety/limits-view.js';
import type { CsrfProtection } from '../guards/csrf.js';
import { renderPage } from '../responses/render-page.js';
import { viewKit } from '../responses/view-kit.js';
import { viewerId } from '../guards/viewer.js';
import { sendJson } from '../responses/json-answer.js';

const NAMES = Object.keys(LIMIT_BOUNDS) as Array<keyof SendingLimits>;

/** Options of `messaging.adminLimitsHtml(req, options)`. */
export interface AdminLimitsOptions {
  /** Where the form posts. @default '/admin/messaging/limits' (the admin router's route) */
  action?: string;
  /** The `_csrf` value; pass your own when your CSRF middleware checks the post. @default the package's token for this request */
  csrfToken?: string;
}

/** What the form needs; `ctx` gives the admin's language and the host's templates (without it: English, the package's templates). */
interface LimitsDeps {
  csrf: CsrfProtection;
  limits: AdminLimitsService;
  ctx?: HttpContext | undefined;
}

type FieldErrors = LimitsFormInput['errors'];

/** The admin's limits form as HTML, for a host's own settings page; blank fields mean "the default". */
export async function renderAdminLimits(deps: LimitsDeps, req: Request, options: AdminLimitsOptions = {}): Promise<string> {
  const kit: ViewKit = deps.ctx ? await viewKit(deps.ctx, req) : { renderer: defaultRenderer(), i18n: english() };
  return limitsFormHtml(kit, await limitsForm(deps, req, { ...options, errors: {}, saved: false })).html;
}

/** The form with the stored values (blank where the default holds), or with what the admin typed after an error. */
async function limitsForm(
  deps: LimitsDeps,
  req: Request,
  form: AdminLimitsOptions & { values?: Record<keyof SendingLimits, string>; errors: FieldErrors; saved: boolean },
): Promise<LimitsFormInput> {
  let values = form.values;
  if (!values) {
    const current = await deps.limits.get();
    values = Object.fromEntries(NAMES.map((n) => [n, current.overridden.includes(n) ? String(current[n]) : ''])) as Record<keyof SendingLimits, string>;
  }
  const csrfToken = form.csrfToken ?? (await deps.csrf.token(req).catch(() => ''));
  return { action: form.action ?? '/admin/messaging/limits', csrfToken, values, defaults: deps.limits.defaults(), errors: form.errors, saved: form.saved };
}

/** A form's fields as a change: blank goes back to the default, anything else must be a whole number. */
function changeOf(body: Record<string, unknown>): SendingLimitsChange {
  const change: SendingLimitsChange = {};
  for (const name of NAMES) {
    const raw = body[name];
    if (raw === undefined) continue;
    if (typeof raw === 'number' || raw === null) change[name] = raw;
    else change[name] = String(raw).trim() === '' ? null : /^\d{1,9}$/.test(String(raw).trim()) ? Number(String(raw).trim()) : Number.NaN;
  }
  return change;
}

/**
 * `GET|POST /limits` of `messaging.adminRouter` (behind the moderators' guard of
 * moderation-router.ts): the sending limits form, and the same as JSON (`GET`, `PUT` with
 * `{ messagesPerMinute?, newThreadsPerDay?, maxGroupParticipants? }`, null = default).
 */
export function addAdminLimitsRoutes(router: Router, ctx: HttpContext, deps: { csrf: CsrfProtection; limits: AdminLimitsService }): void {
  const { limits } = deps;
  const bodies = [express.urlencoded({ extended: false, limit: '4kb' }), express.json({ limit: '4kb' })];
  const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json' || Boolean(req.is('application/json'));

  async function show(req: Request, res: Response, { status, ...form }: { values?: Record<keyof SendingLimits, string>; errors: FieldErrors; saved: boolean; status: number }) {
    const kit = await viewKit(ctx, req);
    const input = await limitsForm(deps, req, { action: `${req.baseUrl}/limits`, ...form });
    const body = limitsPageHtml(kit, { ...input, base: req.baseUrl });
    await renderPage(ctx, req, res, { title: kit.i18n.t('moderation.limitsTitle'), body, status });
  }

  router.get('/limits', (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      if (wantsJson(req)) return void sendJson(res, 200, { limits: await limits.get(), defaults: limits.defaults() });
      await show(req, res, { errors: {}, saved: req.query.saved === '1', status: 200 });
    })().catch(next);
  });

  const save = (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      try {
        const saved = await limits.set(changeOf(body), viewerId(res));
        if (wantsJson(req)) return void sendJson(res, 200, { limits: saved });
        res.redirect(303, `${req.baseUrl}/limits?saved=1`);
      } catch (err) {
        if (wantsJson(req) || !isMessagingError(err, 'invalid_request')) throw err;
        const errors: FieldErrors = Object.fromEntries(fieldErrorsOf(err).map((d) => [d.field, true]));
        const values = Object.fromEntries(NAMES.map((n) => [n, typeof body[n] === 'string' ? (body[n] as string) : ''])) as Record<keyof SendingLimits, string>;
        await show(req, res, { values, errors, saved: false, status: 400 });
      }
    })().catch(next);
  };
  router.post('/limits', ...bodies, deps.csrf.guard, save);
  router.put('/limits', ...bodies, deps.csrf.guard, save);
}
