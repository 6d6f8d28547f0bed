import type { Participant, ThreadEvent, ThreadSummary } from '../../services/conversations/types.js';
import type { Translator } from '../i18n/translator.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { html, type SafeHtml } from '../text/escape-html.js';
import { bdi } from '../text/isolate.js';
import { inMemberWords } from './deleted-member.js';
import type { SystemLineData } from './templates/system-line.js';

/** What the group settings page shows: the members, the add form and the rename form. */
export interface GroupSettingsInput {
  base: string;
  csrfToken: string;
  thread: ThreadSummary;
  /** The most members the group may have (the viewer included). */
  maxMembers: number;
  /** What the member typed, kept after a failed send. */
  userIds: string;
  subject: string;
  /** Already in the member's words (the route words them from the catalogue). */
  errors: { userIds?: string; subject?: string };
  maxSubjectLength: number;
}

/**
 * The page behind a group's "Members and name" link: who is in it, a form to add members by
 * id and a form to rename it. Plain forms with `_csrf`: they work without JavaScript.
 */
export function renderGroupSettings(kit: ViewKit, input: GroupSettingsInput): string {
  const threadHref = `${input.base}/threads/${encodeURIComponent(input.thread.id)}`;
  const settingsHref = `${threadHref}/settings`;
  return kit.renderer.render('conversations/group-settings', {
    i18n: kit.i18n,
    threadHref,
    addAction: `${settingsHref}/members`,
    renameAction: `${settingsHref}/subject`,
    csrfToken: input.csrfToken,
    members: inMemberWords(input.thread, kit.i18n).participants.map((p) => ({ displayName: p.displayName })),
    maxMembers: input.maxMembers,
    full: input.thread.participants.length >= input.maxMembers,
    userIds: input.userIds,
    subject: input.subject,
    errors: input.errors,
    maxSubjectLength: input.maxSubjectLength,
  });
}

/**
 * The data of one system line ("Alice added Bob and Carol" / "Alice renamed the conversation
 * to …"): the names isolated and escaped, joined in the member's language; a member the site
 * no longer knows reads "A former member".
 */
export function systemLineData(event: ThreadEvent, people: Map<string, Participant>, i18n: Translator): Omit<SystemLineData, 'i18n'> {
  const name = (id: string) => bdi(people.get(id)?.displayName ?? i18n.t('messages.systemFormerMember'));
  return {
    id: event.id,
    kind: event.kind,
    actorHtml: name(event.actorId),
    namesHtml: event.kind === 'members_added' ? i18n.listHtml((event.userIds ?? []).map(name)) : '',
    subjectHtml: event.kind === 'renamed' && event.subject ? bdi(event.subject) : null,
    createdAt: event.createdAt,
  };
}

/** The context line of a thread header: "About <title>", the host's title linked when it gave a safe link; nothing without a title. */
export function contextHtml(context: ThreadSummary['context'], i18n: Translator): SafeHtml | '' {
  if (!context?.title) return '';
  const title = context.url ? html`<a href="${context.url}">${bdi(context.title)}</a>` : bdi(context.title);
  return html`<p class="m-context" data-messaging-context>${i18n.html('messages.contextAbout', { title })}</p>`;
}
