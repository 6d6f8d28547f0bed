import { html, type SafeHtml } from '../text/escape-html.js';
import { checkedUrl } from './host-partial-inputs.js';

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
}

/**
 * The "Direct messaging" switch: a form that posts `enabled=on|off` and `_csrf`. Plain
 * buttons, no script, so it works under a strict Content-Security-Policy and without
 * JavaScript.
 */
export function adminToggleHtml(input: { enabled: boolean; action: string; csrfToken: string }): SafeHtml {
  const { enabled } = input;
  return html`<form method="post" action="${input.action}" class="messaging-admin-toggle" data-messaging-admin-toggle>
  <fieldset>
    <legend>Direct messaging</legend>
    <p>Direct messaging is <strong data-messaging-state="${enabled ? 'on' : 'off'}">${enabled ? 'on' : 'off'}</strong>.
    ${enabled ? 'Members can message each other.' : 'Members see no messaging links; existing messages are kept.'}</p>
    <input type="hidden" name="_csrf" value="${input.csrfToken}">
    <input type="hidden" name="enabled" value="${enabled ? 'off' : 'on'}">
    <button type="submit">${enabled ? 'Turn direct messaging off' : 'Turn direct messaging on'}</button>
  </fieldset>
</form>`;
}

/**
 * The admin switch form, as `messaging.adminToggleHtml(req)` renders it, from data you already
 * have: for a host whose admin page is drawn by another template engine. Print it unescaped.
 * @throws TypeError when `action` is neither a local path nor an http(s) URL.
 */
export function renderAdminToggleForm(input: AdminToggleFormInput): string {
  const action = checkedUrl(input.action, '/admin/messaging', 'action', 'renderAdminToggleForm');
  return adminToggleHtml({ enabled: input.enabled === true, action, csrfToken: input.csrfToken }).html;
}
