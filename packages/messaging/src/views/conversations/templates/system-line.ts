import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';

/** What `conversations/system-line` is rendered with (built by ../group-settings-view.ts). */
export interface SystemLineData {
  i18n: Translator;
  /** The event's id: the line is `id="e-<id>"`, so the live script does not add it twice. */
  id: string;
  kind: 'members_added' | 'renamed';
  /** Who did it, in `<bdi>`. */
  actorHtml: SafeHtml;
  /** Members added: their names joined, each in `<bdi>`; empty for a rename. */
  namesHtml: SafeHtml | '';
  /** A rename: the new name in `<bdi>`, or null when the name was taken away. */
  subjectHtml: SafeHtml | null;
  createdAt: string;
}

/**
 * One line among a group's messages: "Alice added Bob and Carol", "Alice renamed the
 * conversation to “…”", with its time in the member's zone. `data-messaging-system-line` and
 * `id="e-<id>"` are what the live script looks for.
 */
export const SYSTEM_LINE_TEMPLATE = `<li class="m-system" id="e-<%= it.id %>" data-messaging-system-line><p class="m-meta"><% if (it.kind === 'members_added') { %><%= it.i18n.html('messages.systemMembersAdded', { name: it.actorHtml, names: it.namesHtml }) %><% } else if (it.subjectHtml) { %><%= it.i18n.html('messages.systemRenamed', { name: it.actorHtml, subject: it.subjectHtml }) %><% } else { %><%= it.i18n.html('messages.systemNameRemoved', { name: it.actorHtml }) %><% } %> · <time datetime="<%= it.createdAt %>"><%= it.i18n.dateTime(it.createdAt) %></time></p></li>`;
