import type { Message, Participant, ThreadEvent, ThreadSummary } from '../../services/conversations/types.js';
import { contextHtml, threadEventHtml } from './group-settings-view.js';
import { defaultRenderer } from '../rendering/engine.js';
import type { SafeHtml } from '../text/escape-html.js';
import { AVATAR_SIZE, avatarSrc } from '../text/avatar.js';
import { formatTime, othersOf, safeUrl } from '../text/format.js';
import { bdi, namesHtml } from '../text/isolate.js';
import { attachmentListHtml } from '../attachments/attachment-list.js';
import { type FileInputView, fileInputHtml } from '../attachments/file-input.js';

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
  errors: { body?: string; form?: string; files?: string };
  maxMessageLength: number;
  /** The reply form's file input; absent when attachments are off (the form stays urlencoded). */
  attachments?: Omit<FileInputView, 'error'>;
  /** The viewer's controls (archive, mute, leave, block), already rendered (see views/safety/thread-controls.ts). */
  controls?: SafeHtml;
  /** The system lines among this page's messages (members added, renamed), oldest first. */
  events?: ThreadEvent[];
  /** How long after sending the viewer may edit a message, in ms, and the time now (ISO): their messages inside it get an Edit link. @default 0 (no Edit link) */
  editWindowMs?: number;
  now?: string;
}

/** The Edit (inside the window) and Delete links of the viewer's own standing message; null for the others. */
function ownMessageLinks(input: ThreadInput, m: Message): { editHref: string | null; deleteHref: string | null } {
  if (m.senderId !== input.viewerId || m.removed || m.deleted) return { editHref: null, deleteHref: null };
  const href = `${input.base}/messages/${encodeURIComponent(m.id)}`;
  const window = input.editWindowMs ?? 0;
  const editable = window > 0 && input.now !== undefined && Date.parse(m.createdAt) + window > Date.parse(input.now);
  return { editHref: editable ? `${href}/edit` : null, deleteHref: `${href}/delete` };
}

/**
 * Places each system line after the newest message of the page it follows (by id), or before
 * them all when it follows none of them: markup built with the escaping `html` tag.
 */
function systemLinesOf(events: ThreadEvent[], messages: Message[], people: Map<string, Participant>): { leading: string; after: Map<string, string> } {
  let leading = '';
  const after = new Map<string, string>();
  for (const event of events) {
    const line = threadEventHtml(event, people).html;
    const at = event.afterMessageId === null ? undefined : [...messages].reverse().find((m) => BigInt(m.id) <= BigInt(event.afterMessageId!));
    if (at) after.set(at.id, (after.get(at.id) ?? '') + line);
    else leading += line;
  }
  return { leading, after };
}

/** Renders a thread page body: messages oldest to newest, each `id="m-<id>"`, and the reply form. */
export function renderThread(input: ThreadInput): string {
  const { thread, viewerId, base } = input;
  const href = `${base}/threads/${encodeURIComponent(thread.id)}`;
  const people = new Map(thread.participants.map((p) => [p.id, p]));
  const lines = systemLinesOf(input.events ?? [], input.messages, people);
  return defaultRenderer().render('conversations/thread', {
    threadId: thread.id,
    // For the live script: the viewer's own messages it adds get Edit (inside the window, by the server's clock) and Delete links.
    viewerId,
    editWindowMs: input.editWindowMs ?? 0,
    now: input.now ?? '',
    titleHtml: (thread.subject ? bdi(thread.subject) : namesHtml(othersOf(thread, viewerId))).html || 'Conversation',
    others: othersOf(thread, viewerId).map((p) => ({ displayName: p.displayName, profileUrl: safeUrl(p.profileUrl) })),
    inboxHref: `${base}/`,
    action: href,
    latestHref: href,
    olderHref: input.nextCursor ? `${href}?before=${encodeURIComponent(input.nextCursor)}` : null,
    isLatestPage: input.isLatestPage,
    avatarSize: AVATAR_SIZE,
    messages: input.messages.map((m) => {
      const sender = people.get(m.senderId);
      return {
        id: m.id,
        mine: m.senderId === viewerId,
        senderName: sender?.displayName ?? 'Deleted user',
        senderProfileUrl: safeUrl(sender?.profileUrl),
        senderAvatarSrc: avatarSrc(sender),
        body: m.body,
        removed: m.removed === 'moderator',
        deleted: m.deleted === true,
        edited: m.editedAt !== undefined,
        ...ownMessageLinks(input, m),
        // Others' messages can be reported (a moderator reviews them); one's own cannot.
        reportHref: m.senderId === viewerId || m.removed || m.deleted ? null : `${base}/messages/${encodeURIComponent(m.id)}/report`,
        createdAt: m.createdAt,
        createdAtText: formatTime(m.createdAt),
        systemHtml: lines.after.get(m.id) ?? '',
        attachmentsHtml: attachmentListHtml(base, m.attachments).html,
      };
    }),
    csrfToken: input.csrfToken,
    body: input.body,
    errors: input.errors,
    maxMessageLength: input.maxMessageLength,
    attachments: input.attachments !== undefined,
    fileInputHtml: fileInputHtml(input.attachments && { ...input.attachments, ...(input.errors.files ? { error: input.errors.files } : {}) }).html,
    controlsHtml: input.controls?.html ?? '',
    contextHtml: String(contextHtml(thread.context)),
    settingsHref: thread.kind === 'group' ? `${href}/settings` : null,
    leadingSystemHtml: lines.leading,
  });
}
