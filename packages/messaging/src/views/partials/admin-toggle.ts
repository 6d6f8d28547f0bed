import { html, type SafeHtml } from '../text/escape-html.js';

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
