import { threadPath, type Request } from './api.js';
import type { Message, Participant, ThreadPage, UnreadTotal } from './api-types.js';
import { announceMessage } from './announce.js';
import { setBadges } from './badges.js';
import { liveStrings } from './live-strings.js';
import { showDeleted, showEdited } from './message-changes.js';
import { messageItem } from './message-item.js';
import { editWindowOf, ownMessageLinks } from './own-message-links.js';
import { refreshShownMessages } from './shown-messages.js';
import { showHeader, showSystemLines } from './thread-lines.js';

/** The open thread page, kept up to date by the live script. */
export interface LiveThread {
  readonly id: string;
  /** Shows a new message of this thread (once), and marks it read if it is someone else's. */
  append(message: Message, mine: boolean): Promise<void>;
  /** After a resync: reloads the page, or adds what the thread gained while a reply is typed. */
  refresh(): void;
  /** Members added or a rename: shows the new system lines, title and members from the server. */
  update(): void;
  /** After the stream reconnected: reads the shown messages again (edits, deletions) and the thread's changes. */
  reconnected(): void;
}

/**
 * The latest page of a thread (`[data-messaging-thread]` or `[data-thread-id]`, with a list
 * `[data-messaging-messages]` or `.m-messages`); null on any other page, and on an older
 * page of a thread, which shows a fixed range.
 */
export function findLiveThread(base: string, request: Request): LiveThread | null {
  const threadEl = document.querySelector('[data-messaging-thread], [data-thread-id].messaging-thread');
  const threadId = threadEl ? threadEl.getAttribute('data-messaging-thread') || threadEl.getAttribute('data-thread-id') : null;
  const list = threadEl?.querySelector('[data-messaging-messages], .m-messages');
  if (!threadEl || !threadId || !list) return null;
  if (!list.querySelector('[data-messaging-newest]') && list.querySelector('[id^="m-"]')) return null;
  return liveThread(base, request, threadEl, threadId, list);
}

function liveThread(base: string, request: Request, threadEl: Element, threadId: string, list: Element): LiveThread {
  const editWindow = editWindowOf(threadEl);
  const viewerId = threadEl.getAttribute('data-messaging-viewer') ?? '';
  let people: Promise<Map<string, Participant>> | null = null;
  function participants(): Promise<Map<string, Participant>> {
    people ??= request<ThreadPage>(`${threadPath(threadId)}?limit=1`).then(
      (body) => new Map((body.thread.participants ?? []).map((p) => [String(p.id), p])),
      () => {
        people = null;
        return new Map<string, Participant>();
      },
    );
    return people;
  }

  function nearBottom(): boolean {
    const root = document.scrollingElement ?? document.documentElement;
    return root.scrollHeight - (root.scrollTop + window.innerHeight) < 160;
  }

  function lastShownId(): number {
    const items = list.querySelectorAll('[id^="m-"]');
    const last = items[items.length - 1];
    return last ? Number(last.id.slice(2)) : 0;
  }

  let csrf: Promise<string> | null = null;
  function csrfToken(): Promise<string> {
    if (!csrf) {
      const meta = document.querySelector<HTMLMetaElement>('meta[name="messaging-csrf"]');
      const field = document.querySelector('[data-messaging-csrf]') ?? threadEl.querySelector('input[name="_csrf"]');
      const fieldValue = field instanceof HTMLInputElement ? field.value : '';
      const known = meta ? meta.content : field ? field.getAttribute('data-messaging-csrf') || fieldValue : '';
      csrf = known
        ? Promise.resolve(known)
        : request<{ token: string }>('/api/csrf').then(
            (body) => body.token,
            () => {
              csrf = null;
              return '';
            },
          );
    }
    return csrf;
  }

  // Marks read up to the newest message seen while the page is visible; a hidden page waits.
  let unreadUpTo = 0;
  function markRead(id: string | number): void {
    unreadUpTo = Math.max(unreadUpTo, Number(id));
    if (document.visibilityState !== 'visible') return;
    const upTo = unreadUpTo;
    unreadUpTo = 0;
    csrfToken()
      .then((token) =>
        request<UnreadTotal>(`${threadPath(threadId)}/read`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
          body: JSON.stringify({ lastReadMessageId: String(upTo) }),
        }),
      )
      .then(
        (body) => setBadges(body.unreadTotal),
        () => {},
      );
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && unreadUpTo > 0) markRead(unreadUpTo);
  });

  async function append(message: Message, mine: boolean): Promise<void> {
    const byId = await participants();
    if (document.getElementById(`m-${message.id}`)) return;
    const follow = nearBottom();
    threadEl.querySelector('.m-empty')?.remove();
    list.querySelector('[data-messaging-newest]')?.removeAttribute('data-messaging-newest');
    const sender = byId.get(String(message.senderId));
    const li = messageItem(message, mine, sender, base);
    // The viewer's own message sent from another tab: the same Edit and Delete links as the server's page.
    const links = mine ? ownMessageLinks(message, base, editWindow) : null;
    if (links) li.appendChild(links);
    li.setAttribute('data-messaging-newest', '');
    list.appendChild(li);
    if (follow) li.scrollIntoView({ block: 'end' });
    // A replayed message comes as it reads now.
    if (message.deleted) showDeleted(message.id);
    else if (message.editedAt) showEdited(message);
    // Spoken, never focused: the member may be typing a reply.
    if (!mine) announceMessage(sender ? sender.displayName : liveStrings().text('messages.messageDeletedUser'));
    if (!mine) markRead(message.id);
  }

  // After a resync (too much missed to replay): the server's page is the truth. Reload it
  // unless the reader has typed a reply; then add what the thread gained, keeping the draft.
  function refresh(): void {
    const draft = threadEl.querySelector('textarea');
    if (!draft?.value) return window.location.reload();
    request<ThreadPage>(threadPath(threadId)).then(
      (body) => {
        const last = lastShownId();
        for (const m of body.messages) if (Number(m.id) > last) void append(m, false);
      },
      () => {},
    );
  }

  // The thread as the server has it now: new members (their names on later messages), title, system lines.
  function showThread(page: ThreadPage): void {
    const byId = new Map((page.thread.participants ?? []).map((p) => [String(p.id), p]));
    people = Promise.resolve(byId);
    showHeader(threadEl, page.thread, viewerId);
    showSystemLines(list, page.events ?? [], byId);
  }

  function update(): void {
    request<ThreadPage>(threadPath(threadId)).then(showThread, () => {});
  }

  function reconnected(): void {
    // Messages missed meanwhile are replayed by the stream; what changed of those shown is read here.
    void refreshShownMessages(request, threadId, list);
    update();
  }

  return { id: threadId, append, refresh, update, reconnected };
}
