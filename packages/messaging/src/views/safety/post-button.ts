import { html, SafeHtml } from '../text/escape-html.js';

/** A one-button form (POST + `_csrf`), for the member-safety controls; works without JavaScript. */
export function postButton(input: {
  action: string;
  csrfToken: string;
  label: string | SafeHtml;
  fields?: Record<string, string>;
  marker?: 'data-messaging-block-form' | 'data-messaging-thread-control';
}): SafeHtml {
  const fields = Object.entries(input.fields ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  const marker = input.marker ? new SafeHtml(` ${input.marker}`) : '';
  return html`<form method="post" action="${input.action}" class="m-inline-form"${marker}><input type="hidden" name="_csrf" value="${input.csrfToken}">${fields}<button type="submit">${input.label}</button></form>`;
}
