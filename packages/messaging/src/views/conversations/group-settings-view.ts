import type { Participant, ThreadEvent, ThreadSummary } from '../../services/conversations/types.js';
import { html, type SafeHtml } from '../text/escape-html.js';
import { formatTime } from '../text/format.js';
import { bdi } from '../text/isolate.js';

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
  errors: { userIds?: string; subject?: string };
  maxSubjectLength: number;
}

/**
 * The page behind a group's "Members and name" link: who is in it, a form to add members by
 * id and a form to rename it. Plain forms with `_csrf`: they work without JavaScript.
 */
export function groupSettingsHtml(input: GroupSettingsInput): SafeHtml {
  const threadHref = `${input.base}/threads/${encodeURIComponent(input.thread.id)}`;
  const settingsHref = `${threadHref}/settings`;
  const { errors } = input;
  const full = input.thread.participants.length >= input.maxMembers;
  return html`<div class="messaging messaging-group-settings" data-messaging-group-settings>
<p><a href="${threadHref}">Back to the conversation</a></p>
<h1>Members and name</h1>
<h2>Members (${input.thread.participants.length} of at most ${input.maxMembers})</h2>
<ul class="m-members">${input.thread.participants.map((p) => html`<li>${bdi(p.displayName)}</li>`)}</ul>
<h2 id="messaging-add-title">Add members</h2>
<p class="m-meta">They will see the conversation from now on, not what was written before.</p>
<form method="post" action="${`${settingsHref}/members`}" aria-labelledby="messaging-add-title" data-messaging-add-members novalidate>
<input type="hidden" name="_csrf" value="${input.csrfToken}">
<label for="messaging-user-ids">Member ids, separated by commas</label>
<input id="messaging-user-ids" name="userIds" value="${input.userIds}"${full ? html` disabled` : ''}${errors.userIds ? html` aria-invalid="true" aria-describedby="messaging-user-ids-error"` : ''}>
${errors.userIds ? html`<p class="m-error" id="messaging-user-ids-error">${errors.userIds}</p>` : ''}
<button type="submit"${full ? html` disabled` : ''}>Add</button>
</form>
<h2 id="messaging-rename-title">Name of the conversation</h2>
<form method="post" action="${`${settingsHref}/subject`}" aria-labelledby="messaging-rename-title" data-messaging-rename novalidate>
<input type="hidden" name="_csrf" value="${input.csrfToken}">
<label for="messaging-subject">Name (leave empty for the members' names)</label>
<input id="messaging-subject" name="subject" dir="auto" maxlength="${input.maxSubjectLength}" value="${input.subject}"${errors.subject ? html` aria-invalid="true" aria-describedby="messaging-subject-error"` : ''}>
${errors.subject ? html`<p class="m-error" id="messaging-subject-error">${errors.subject}</p>` : ''}
<button type="submit">Rename</button>
</form>
</div>`;
}

/** "Alice added Bob and Carol" / "Alice renamed the conversation to …": one system line, escaped and isolated. */
export function threadEventHtml(event: ThreadEvent, people: Map<string, Participant>): SafeHtml {
  const name = (id: string) => bdi(people.get(id)?.displayName ?? 'A former member');
  const what =
    event.kind === 'members_added'
      ? html`${name(event.actorId)} added ${(event.userIds ?? []).map((id, i, all) => html`${i === 0 ? '' : i === all.length - 1 ? ' and ' : ', '}${name(id)}`)}`
      : event.subject
        ? html`${name(event.actorId)} renamed the conversation to “${bdi(event.subject)}”`
        : html`${name(event.actorId)} removed the conversation's name`;
  return html`<li class="m-system" id="e-${event.id}" data-messaging-system-line><p class="m-meta">${what} · <time datetime="${event.createdAt}">${formatTime(event.createdAt)}</time></p></li>`;
}

/** The context line of a thread header or an inbox row: the host's title, linked when it gave a safe link; nothing without a title. */
export function contextHtml(context: ThreadSummary['context']): SafeHtml | '' {
  if (!context?.title) return '';
  return context.url
    ? html`<p class="m-context" data-messaging-context>About <a href="${context.url}">${bdi(context.title)}</a></p>`
    : html`<p class="m-context" data-messaging-context>About ${bdi(context.title)}</p>`;
}
