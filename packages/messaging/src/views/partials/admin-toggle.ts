import { SafeHtml } from '../text/escape-html.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { checkedUrl } from './host-partial-inputs.js';
import { partialKit } from './partial-kit.js';

/** Input of {@link renderAdminToggleForm}. */
export interface AdminToggleFormInput {
  /** Whether messaging is on now (`await messaging.toggle.isEnabled()`). */
  enabled: boolean;
  /** Where the form posts: where `messaging.adminRouter` is mounted. @default '/admin/messaging' */
  action?: string | undefined;
  /**
   * The `_csrf` value: the signed-in admin's token from `GET <inbox>/api/csrf`, or your own
   * `req.csrfToken()` when your CSRF middleware checks the post (docs/security.md).
   */
  csrfToken: string;
  /** The admin's language, a BCP 47 tag ('de', 'pt-BR'): the nearest shipped locale, English when none fits. @default 'en' */
  locale?: string | undefined;
}

/** What {@link adminToggleHtml} shows and where it posts. */
export interface AdminToggleState {
  enabled: boolean;
  action: string;
  csrfToken: string;
}

/**
 * The "Direct messaging" switch (template `partials/admin-toggle`): a form that posts
 * `enabled=on|off` and `_csrf`. Plain buttons, no script, so it works under a strict
 * Content-Security-Policy and without JavaScript.
 */
export function adminToggleHtml(kit: ViewKit, input: AdminToggleState): SafeHtml {
  return new SafeHtml(kit.renderer.render('partials/admin-toggle', { i18n: kit.i18n, enabled: input.enabled, action: input.action, csrfToken: input.csrfToken }));
}

/**
 * The admin switch form, as `messaging.adminToggleHtml(req)` renders it, from data you already
 * have: for a host whose admin page is drawn by another template engine. Print it unescaped.
 * @throws TypeError when `action` is neither a local path nor an http(s) URL.
 */
export function renderAdminToggleForm(input: AdminToggleFormInput): string {
  const action = checkedUrl(input.action, '/admin/messaging', 'action', 'renderAdminToggleForm');
  return adminToggleHtml(partialKit(input.locale), { enabled: input.enabled === true, action, csrfToken: input.csrfToken }).html;
}
