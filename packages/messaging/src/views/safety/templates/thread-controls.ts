import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';

/** Data of `safety/thread-controls`. */
export interface ThreadControlsData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** The `_csrf` value every form of the page carries. */
  csrfToken: string;
  /** Whether the viewer archived the thread (Move back to inbox, else Archive). */
  archived: boolean;
  /** Whether the viewer muted it (Unmute and the note, else Mute). */
  muted: boolean;
  /** Where each control posts (`…/threads/<id>/archive`). */
  actions: { archive: string; unarchive: string; mute: string; unmute: string; leave: string };
  /** Groups only: "Leave conversation". */
  canLeave: boolean;
  /** In a direct thread: the other member (name in a `<bdi>`) and whether the viewer blocked them. */
  other: { nameHtml: SafeHtml; blocked: boolean; blockHref: string } | null;
}

/**
 * Archive / mute / leave (groups only) and block (direct threads) on the thread page: plain
 * forms, no script. Blocking goes through a confirmation page. Embedded in the thread page,
 * so no lang or dir of its own.
 */
export const THREAD_CONTROLS_TEMPLATE = `<div class="m-controls" aria-label="<%= it.i18n.t('safety.controlsLabel') %>" role="group">
<%~ include('@safety/post-button', { i18n: it.i18n, action: it.archived ? it.actions.unarchive : it.actions.archive, csrfToken: it.csrfToken, label: it.i18n.t(it.archived ? 'safety.moveToInbox' : 'safety.archive'), marker: 'data-messaging-thread-control' }) %>

<%~ include('@safety/post-button', { i18n: it.i18n, action: it.muted ? it.actions.unmute : it.actions.mute, csrfToken: it.csrfToken, label: it.i18n.t(it.muted ? 'safety.unmute' : 'safety.mute'), marker: 'data-messaging-thread-control' }) %>

<% if (it.canLeave) { %><%~ include('@safety/post-button', { i18n: it.i18n, action: it.actions.leave, csrfToken: it.csrfToken, label: it.i18n.t('safety.leave'), marker: 'data-messaging-thread-control' }) %>

<% } %><% if (it.other) { %><a href="<%= it.other.blockHref %>" data-messaging-block-link><%= it.i18n.html(it.other.blocked ? 'safety.unblockButton' : 'safety.blockButton', { name: it.other.nameHtml }) %></a>
<% } %><% if (it.muted) { %><p class="m-meta"><%= it.i18n.t('safety.mutedNote') %></p>
<% } %></div>`;
