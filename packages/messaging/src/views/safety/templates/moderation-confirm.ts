import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';
import type { ModerationBody } from './moderation-body.js';

/** Data of `safety/moderation-confirm`. */
export interface ModerationConfirmData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** `delete_message` (remove the message) or `suspend_sender` (stop them messaging). */
  decision: 'delete_message' | 'suspend_sender';
  /** Where the decision posts (with `confirm=yes`). */
  action: string;
  /** The reported messages page (Cancel). */
  reportsHref: string;
  /** The `_csrf` value every form of the page carries. */
  csrfToken: string;
  /** The sender's name in a `<bdi>`. */
  senderHtml: SafeHtml;
  /** When the reported message was sent, and its text as reported. */
  createdAt: string;
  /** Its text and state (see `safety/moderation-body`). */
  body: ModerationBody;
}

/** The confirmation of a decision that cannot be undone: the reported message, what will happen, the red button, and a way back. */
export const MODERATION_CONFIRM_TEMPLATE = `<% const remove = it.decision === 'delete_message'; const name = it.senderHtml; %>
<section class="messaging messaging-moderation" data-messaging-confirm="<%= it.decision %>" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<h1><%= remove ? it.i18n.t('moderation.confirmRemoveTitle') : it.i18n.html('moderation.confirmSuspendTitle', { name }) %></h1>
<blockquote class="m-message m-reported"><p class="m-meta"><%= name %> · <time datetime="<%= it.createdAt %>"><%= it.i18n.dateTime(it.createdAt) %></time></p>
<%~ include('@safety/moderation-body', { i18n: it.i18n, body: it.body }) %></blockquote>
<p><%= remove ? it.i18n.t('moderation.confirmRemoveText') : it.i18n.html('moderation.confirmSuspendText', { name }) %></p>
<div class="m-controls">
<form method="post" action="<%= it.action %>" class="m-inline-form"><input type="hidden" name="_csrf" value="<%= it.csrfToken %>"><input type="hidden" name="action" value="<%= it.decision %>"><input type="hidden" name="confirm" value="yes"><button type="submit" class="m-danger"><%= remove ? it.i18n.t('moderation.confirmRemoveButton') : it.i18n.html('moderation.confirmSuspendButton', { name }) %></button></form>
<a href="<%= it.reportsHref %>"><%= it.i18n.t('moderation.cancel') %></a>
</div>
</section>`;
