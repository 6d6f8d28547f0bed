import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { HttpContext } from '../http-context.js';
import { MessagingError } from '../../errors.js';
import { isLocalPath } from '../../shared/local-path.js';
import type { MessagingToggle } from '../../services/settings/toggle.js';
import { adminToggleHtml } from '../../views/partials/admin-toggle.js';
import { adminPageHtml } from '../../views/safety/admin-view.js';
import type { CsrfProtection } from '../guards/csrf.js';
import { addAssetRoutes } from '../responses/assets.js';
import { addLiveWordsRoute } from '../responses/live-words-asset.js';
import { createErrorHandler } from '../responses/errors.js';
import { renderPage } from '../responses/render-page.js';
import { viewKit } from '../responses/view-kit.js';
import { securityHeaders } from '../responses/security-headers.js';
import { currentViewer, requireViewer } from '../guards/viewer.js';

/** Options of the `messaging.adminToggleHtml(req, options)` partial. */
export interface AdminToggleOptions {
  /** Where the form posts (`enabled=on|off`, `_csrf`). @default where `messaging.adminRouter` is mounted, '/admin/messaging' */
  action?: string;
  /** The `_csrf` value; pass your own when the form posts to your own route. @default the package's token for this request */
  csrfToken?: string;
}

/** Settings of the admin part, from createMessaging. */
export interface AdminParts {
  ctx: HttpContext;
  toggle: MessagingToggle;
  csrf: CsrfProtection;
}

const DEFAULT_ADMIN_URL = '/admin/messaging';

/**
 * The token, or '' while the messaging tables do not exist yet (the secret lives there):
 * browsers still pass the guard through Fetch Metadata, and switching on creates the tables.
 */
function tokenOrEmpty(csrf: CsrfProtection, req: Request): Promise<string> {
  return csrf.token(req).catch(() => '');
}

/** Renders the "Direct messaging" switch for a host's own settings page. */
export async function renderAdminToggle(parts: AdminParts, req: Request, options: AdminToggleOptions = {}): Promise<string> {
  const [enabled, csrfToken, kit] = await Promise.all([
    parts.toggle.isEnabled(),
    options.csrfToken !== undefined ? options.csrfToken : tokenOrEmpty(parts.csrf, req),
    viewKit(parts.ctx, req),
  ]);
  return adminToggleHtml(kit, { enabled, action: options.action ?? DEFAULT_ADMIN_URL, csrfToken }).html;
}

/** `/path?query` of a same-origin Referer, so the switch can send the admin back where they were. */
function sameOriginReferer(req: Request): string | undefined {
  const referer = req.get('referer');
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    if (url.host !== req.get('host')) return undefined;
    // `https://site//evil.example` has the path `//evil.example`: another site as a Location.
    const path = url.pathname + url.search;
    return isLocalPath(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The admin router (`messaging.adminRouter`): GET / shows the switch on a full page, POST /
 * (fields `enabled` = on|off and `_csrf`) flips it and answers 303 back. Only for the host's
 * administrators (`isAdmin(req)`): a visitor gets 401 (or the sign-in page), a member 403.
 * It is not behind the switch itself: an admin must reach it to turn messaging on.
 */
export function createAdminRouter(parts: AdminParts): Router {
  const { ctx, toggle, csrf } = parts;
  const router = express.Router();

  // Its own copy of the stylesheet and script, before the admin check (they hold nothing
  // private): the first page an installer opens is styled while messaging is still off,
  // wherever the main router is mounted.
  router.use('/assets', securityHeaders);
  addAssetRoutes(router, 'admin');
  // Its pages link the words like every page of the package (views/partials/live-strings.ts).
  addLiveWordsRoute(router, ctx.localization);

  router.use(requireViewer(ctx, 'html'), function requireMessagingAdmin(req: Request, _res: Response, next: NextFunction) {
    Promise.resolve()
      .then(() => (ctx.options.isAdmin ? ctx.options.isAdmin(req) : false))
      .then((admin) => next(admin ? undefined : new MessagingError('forbidden', 'Only administrators can change messaging settings.')), next);
  });

  router.get('/', (req: Request, res: Response, next: NextFunction) => {
    Promise.all([renderAdminToggle(parts, req, { action: `${req.baseUrl}/` }), viewKit(ctx, req)])
      .then(([form, kit]) => {
        res.setHeader('Cache-Control', 'no-store');
        return renderPage(ctx, req, res, { title: kit.i18n.t('moderation.adminTitle'), body: adminPageHtml(kit, { base: req.baseUrl, toggleHtml: form }) });
      })
      .catch(next);
  });

  router.post('/', express.urlencoded({ extended: false, limit: '4kb' }), csrf.guard, (req: Request, res: Response, next: NextFunction) => {
    const value = (req.body as Record<string, unknown> | undefined)?.enabled;
    if (value !== 'on' && value !== 'off') {
      next(new MessagingError('invalid_request', 'Choose "on" or "off".', { details: [{ in: 'body', field: 'enabled', message: 'must be "on" or "off"' }] }));
      return;
    }
    currentViewer(ctx, req)
      .then((actor) => toggle.setEnabled(value === 'on', actor))
      .then(() => res.redirect(303, sameOriginReferer(req) ?? `${req.baseUrl}/`))
      .catch(next);
  });

  router.use(createErrorHandler(ctx, { isJson: (req) => req.accepts(['html', 'json']) === 'json', inboxHref: () => null }));
  return router;
}
