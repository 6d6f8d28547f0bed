import { ApiError, createRequest, findBase } from './api.js';
import type { LiveMessage, LiveMessageDeleted, LiveThreadChange, UnreadTotal } from './api-types.js';
import { setBadges } from './badges.js';
import { findLiveThread } from './live-thread.js';
import { showDeleted, showEdited } from './message-changes.js';
import { refreshShownMessages } from './shown-messages.js';

/**
 * The live part of the pages' script (docs/live-updates.md). Pages work without it. It:
 * - listens to `<mount>/api/events` (EventSource) and keeps every `[data-messaging-badge]`
 *   inside `[data-messaging-nav]` right, adding or removing the badge at zero;
 * - on the latest page of a thread, appends the thread's new messages, scrolls to them when
 *   the reader is near the bottom, and marks them read while the page is visible;
 * - falls back to polling `<mount>/api/unread` every 30 s where EventSource is missing or the
 *   server refused the stream.
 * The mount is taken from `<meta name="messaging-base">`, else from the script's own URL, so
 * it works wherever the router is mounted.
 */
export function startLiveUpdates(): void {
  // A thread page inside a host layout that also includes the script: one stream is enough.
  if (window.orgMessagingLive) return;
  window.orgMessagingLive = true;
  // Read now: currentScript is only set while the script first runs.
  const base = findBase(document.currentScript);
  if (base === null || !('fetch' in window)) return;
  const request = createRequest(base);
  const thread = findLiveThread(base, request);

  let polling: number | 'stopped' | null = null;
  function stopPolling(): void {
    if (typeof polling === 'number') clearInterval(polling);
    polling = 'stopped';
  }
  function refreshUnread(): void {
    request<UnreadTotal>('/api/unread').then(
      (body) => setBadges(body.unreadTotal),
      (err: unknown) => {
        // Signed out or switched off: asking again will not help.
        if (err instanceof ApiError && (err.status === 401 || err.status === 404)) stopPolling();
      },
    );
  }
  function poll(): void {
    if (polling) return;
    refreshUnread();
    polling = setInterval(refreshUnread, 30_000);
  }

  // An older page of a thread (no live appends): its messages are still kept right after a reconnect.
  function refreshOlderPage(): void {
    const threadEl = document.querySelector('[data-messaging-thread], [data-thread-id].messaging-thread');
    const threadId = threadEl?.getAttribute('data-messaging-thread') || threadEl?.getAttribute('data-thread-id');
    const list = threadEl?.querySelector('[data-messaging-messages], .m-messages');
    if (threadId && list) void refreshShownMessages(request, threadId, list);
  }

  // A thread page names where its stream resumes (a mark read before its messages), so what
  // arrived while the page loaded comes too; EventSource's own Last-Event-ID wins on reconnects.
  const resume = document.querySelector('[data-messaging-resume]')?.getAttribute('data-messaging-resume');
  const eventsUrl = `${base}/api/events${resume ? `?lastEventId=${encodeURIComponent(resume)}` : ''}`;
  let source: EventSource | null = null;
  let lost = false;
  function connect(): void {
    if (source || !('EventSource' in window)) return poll();
    const stream = new EventSource(eventsUrl);
    source = stream;
    stream.addEventListener('unread', (e) => setBadges((JSON.parse(e.data) as UnreadTotal).unreadTotal));
    stream.addEventListener('message', (e) => {
      const data = JSON.parse(e.data) as LiveMessage;
      if (thread && data.threadId === thread.id) void thread.append(data.message, data.mine === true);
    });
    // The sender edited or deleted a message: shown wherever this page has it (any page of its thread).
    stream.addEventListener('message.edited', (e) => showEdited((JSON.parse(e.data) as LiveMessage).message));
    stream.addEventListener('message.deleted', (e) => showDeleted((JSON.parse(e.data) as LiveMessageDeleted).messageId));
    // Members added or a rename: the open thread shows the system line, the title and the members.
    const changed = (e: MessageEvent) => {
      if (thread && (JSON.parse(e.data) as LiveThreadChange).threadId === thread.id) thread.update();
    };
    stream.addEventListener('thread.members_added', changed);
    stream.addEventListener('thread.renamed', changed);
    // Back after a lost connection: edits and deletions made meanwhile are not replayed, so the
    // messages shown are read again (docs/live-updates.md).
    stream.addEventListener('open', () => {
      if (!lost) return;
      lost = false;
      if (thread) thread.reconnected();
      else refreshOlderPage();
    });
    stream.addEventListener('resync', () => {
      refreshUnread();
      thread?.refresh();
    });
    stream.onerror = () => {
      lost = true;
      // Closed for good (refused, switched off, signed out): poll instead.
      if (source && source.readyState === EventSource.CLOSED) {
        source = null;
        poll();
      }
    };
  }
  // Give the connection back when the page is left, so the per-member limit is not used up.
  window.addEventListener('pagehide', () => {
    source?.close();
    source = null;
    // Shown again from the back/forward cache: what changed meanwhile is read on reconnecting.
    lost = true;
  });
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) connect();
  });
  connect();
}
