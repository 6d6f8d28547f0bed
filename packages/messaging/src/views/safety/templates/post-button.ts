import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';

/** A one-button form: included by the other safety templates (`include('@safety/post-button', …)`). */
export interface PostButtonData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** Where the form posts. */
  action: string;
  /** The `_csrf` value every form of the page carries. */
  csrfToken: string;
  /** The button's text, or markup with an isolated name (`Unblock <bdi>Bob</bdi>`). */
  label: string | SafeHtml;
  /** Hidden fields besides `_csrf`. */
  fields?: Array<{ name: string; value: string }>;
  /** An attribute the tests and the live script find the form by. */
  marker?: 'data-messaging-block-form' | 'data-messaging-thread-control';
}

/** POST with `_csrf`, one button: works without JavaScript. Kept on one line (it sits inside sentences and lists). */
export const POST_BUTTON_TEMPLATE = `<form method="post" action="<%= it.action %>" class="m-inline-form"<% if (it.marker) { %> <%= it.marker %><% } %>><input type="hidden" name="_csrf" value="<%= it.csrfToken %>"><% for (const f of it.fields ?? []) { %><input type="hidden" name="<%= f.name %>" value="<%= f.value %>"><% } %><button type="submit"><%= it.label %></button></form>`;
