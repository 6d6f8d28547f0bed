import type { Message, ThreadSummary } from '../../services/conversations/types.js';
import { renderView } from '../rendering/engine.js';
import type { SafeHtml } from '../text/escape-html.js';
import { formatTime, othersOf, safeUrl } from '../text/format.js';
import { bdi, namesHtml } from '../text/isolate.js';

/** What a thread page needs. */
export interface ThreadInput {
  viewerId: string;
  base: string;
  thread: ThreadSummary;
  /** One page, oldest to newest. */
  messages: Message[];
  /** Cursor of the page of older messages, or null. */
  nextCursor: string | null;
  /** True when this is the newest page (no `before`). */
  isLatestPage: boolean;
  csrfToken: string;
  /** The reply being typed (kept after a failed send). */
  body: string;
  errors: { body?: string; form?: string };
  maxMessageLength: number;
  /** The viewer's controls (archive, mute, leave, block), already rendered (see views/safety/thread-controls.ts). */
  controls?: SafeHtml;
}

/** Renders a thread page body: messages oldest to newest, each `id="m-<id>"`, and the reply form. */
export function renderThread(input: ThreadInput): string {
  const { thread, viewerId, base } = input;
  const href = `${base}/threads/${encodeURIComponent(thread.id)}`;
  const people = new Map(thread.participants.map((p) => [p.id, p]));
  return renderView('thread', {
    threadId: thread.id,
    titleHtml: (thread.subject ? bdi(thread.subject) : namesHtml(othersOf(thread, viewerId))).html || 'Conversation',
    others: othersOf(thread, viewerId).map((p) => ({ displayName: p.displayName, profileUrl: safeUrl(p.profileUrl) })),
    inboxHref: `${base}/`,
    action: href,
    latestHref: href,
    olderHref: input.nextCursor ? `${href}?before=${encodeURIComponent(input.nextCursor)}` : null,
    isLatestPage: input.isLatestPage,
    messages: input.messages.map((m) => {
      const sender = people.get(m.senderId);
      return {
        id: m.id,
        mine: m.senderId === viewerId,
        senderName: sender?.displayName ?? 'Deleted user',
        senderProfileUrl: safeUrl(sender?.profileUrl),
        body: m.body,
        removed: m.removed === 'moderator',
        // Others' messages can be reported (a moderator reviews them); one's own cannot.
        reportHref: m.senderId === viewerId || m.removed ? null : `${base}/messages/${encodeURIComponent(m.id)}/report`,
        createdAt: m.createdAt,
        createdAtText: formatTime(m.createdAt),
      };
    }),
    csrfToken: input.csrfToken,
    body: input.body,
    errors: input.errors,
    maxMessageLength: input.maxMessageLength,
    controlsHtml: input.controls?.html ?? '',
  });
}
