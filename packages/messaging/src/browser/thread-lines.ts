import type { Participant, ThreadEvent, ThreadPage } from './api-types.js';
import { liveStrings } from './live-strings.js';
import { timeText } from './message-item.js';
import { safeLink } from './safe-link.js';

/**
 * Members added and renames arriving live: the system lines, the title and the "With …" line
 * as the server renders them (views/conversations/group-settings-view.ts, templates/thread.ts),
 * built with `textContent`, never `innerHTML`: names and subjects are member text.
 */

function bdi(text: string): HTMLElement {
  const el = document.createElement('bdi');
  el.textContent = text;
  return el;
}

/** "Bob", "Bob and Carol", "Bob, Carol and Dave" in the member's words, each name isolated (views/text/isolate.ts). */
function namesList(names: string[]): Array<string | Node> {
  return liveStrings().list(names.map(bdi));
}

/** One system line: "Alice added Carol" / "Alice renamed the conversation to “…”", in the member's words. */
function systemLine(event: ThreadEvent, people: Map<string, Participant>): HTMLLIElement {
  const strings = liveStrings();
  const name = (id: string) => people.get(String(id))?.displayName ?? strings.text('messages.systemFormerMember');
  const li = document.createElement('li');
  li.className = 'm-system';
  li.id = `e-${event.id}`;
  li.setAttribute('data-messaging-system-line', '');
  const p = document.createElement('p');
  p.className = 'm-meta';
  const actor = bdi(name(event.actorId));
  if (event.kind === 'members_added') {
    const names = document.createDocumentFragment();
    names.append(...namesList((event.userIds ?? []).map(name)));
    p.append(...strings.parts('messages.systemMembersAdded', { name: actor, names }));
  } else if (event.subject) {
    p.append(...strings.parts('messages.systemRenamed', { name: actor, subject: bdi(event.subject) }));
  } else {
    p.append(...strings.parts('messages.systemNameRemoved', { name: actor }));
  }
  p.appendChild(document.createTextNode(' \u00b7 '));
  const time = document.createElement('time');
  time.setAttribute('datetime', event.createdAt);
  time.textContent = timeText(event.createdAt);
  p.appendChild(time);
  li.appendChild(p);
  return li;
}

/**
 * Adds the system lines the page does not show yet, each after the newest shown message it
 * follows (and the lines already there), or first when it follows none of them.
 */
export function showSystemLines(list: Element, events: ThreadEvent[], people: Map<string, Participant>): void {
  for (const event of events) {
    if (document.getElementById(`e-${event.id}`)) continue;
    const after = event.afterMessageId === null ? 0 : Number(event.afterMessageId);
    let anchor: Element | null = null;
    for (const item of list.querySelectorAll('[id^="m-"]')) if (Number(item.id.slice(2)) <= after) anchor = item;
    if (!anchor) {
      list.insertBefore(systemLine(event, people), list.firstChild);
      continue;
    }
    while (anchor.nextElementSibling?.matches('[data-messaging-system-line]')) anchor = anchor.nextElementSibling;
    anchor.after(systemLine(event, people));
  }
}

/** The header as the server renders it: the title (the subject, else the others' names) and the "With …" line, in the member's words. */
export function showHeader(threadEl: Element, thread: ThreadPage['thread'], viewerId: string): void {
  const participants = thread.participants ?? [];
  const others = participants.filter((p) => String(p.id) !== viewerId);
  const shown = others.length > 0 ? others : participants;
  const title = threadEl.querySelector('[data-messaging-title]');
  if (title) {
    title.textContent = '';
    if (thread.subject) title.appendChild(bdi(thread.subject));
    else if (shown.length > 0) title.append(...namesList(shown.map((p) => p.displayName)));
    else title.textContent = liveStrings().text('common.conversation');
  }
  const members = threadEl.querySelector('[data-messaging-members]');
  if (members) {
    // "With Bob and Carol" (the server's list words), each name linked to a safe profile URL.
    const names = document.createDocumentFragment();
    const people = shown.map((p) => {
      const profile = safeLink(p.profileUrl);
      if (!profile) return bdi(p.displayName);
      const link = document.createElement('a');
      link.href = profile;
      link.appendChild(bdi(p.displayName));
      return link;
    });
    names.append(...liveStrings().list(people));
    members.replaceChildren(...liveStrings().parts('messages.threadWith', { names }));
  }
}
