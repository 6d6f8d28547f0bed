import type { Translator } from '../../i18n/translator.js';

/**
 * A message's text as the moderators see it: the reported one as it read when reported (the
 * sender may have edited or deleted it since, which is said), the others as they are now.
 */
export type ModerationBody = { kind: 'reported'; text: string; since: 'deleted' | 'edited' | null } | { kind: 'removed' } | { kind: 'deleted' } | { kind: 'text'; text: string };

/** Data of `safety/moderation-body`. */
export interface ModerationBodyData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** The text and its state: `reported` (as reported, `since` saying the sender edited or deleted it later), `removed`, `deleted`, or `text` (as it is now). */
  body: ModerationBody;
}

/** The message's paragraph (`dir="auto"`: member text), included by `safety/moderation` and `safety/moderation-confirm`. */
export const MODERATION_BODY_TEMPLATE = `<% const b = it.body; %>
<p class="m-body" dir="auto"><% if (b.kind === 'reported') { %><span data-messaging-reported-text dir="auto"><%= b.text %></span><% if (b.since) { %> <em><%= it.i18n.t(b.since === 'deleted' ? 'moderation.asReportedDeleted' : 'moderation.asReportedEdited') %></em><% } %><% } else if (b.kind === 'removed') { %><em><%= it.i18n.t('moderation.removedByModerator') %></em><% } else if (b.kind === 'deleted') { %><em><%= it.i18n.t('moderation.deletedBySender') %></em><% } else { %><%= b.text %><% } %></p>`;
