import type { Message, Participant, ThreadEvent, ThreadSummary } from '../../services/conversations/types.js';
import { attachmentListData } from '../attachments/attachment-list.js';
import { type FileInputView, fileInputData } from '../attachments/file-input.js';
import type { Translator } from '../i18n/translator.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { AVATAR_SIZE, avatarSrc } from '../text/avatar.js';
import { html, SafeHtml, escapeHtml } from '../text/escape-html.js';
import { othersOf, safeUrl } from '../text/format.js';
import { bdi, namesHtml } from '../text/isolate.js';
import { inMemberWords } from './deleted-member.js';
import { contextHtml, systemLineData } from './group-settings-view.js';
import type { SystemLineData } from './templates/system-line.js';

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
  /** Where the page's live stream resumes from (a `Last-Event-ID`); null or absent: from when the stream opens. */
  liveResumeId?: string | null;
}

type Line = Omit<SystemLineData, 'i18n'>;

/** The Edit (inside the window) and Delete links of the viewer's own standing message; null for the others. */
function ownMessageLinks(input: ThreadInput, m: Message): { editHref: string | null; deleteHref: string | null } {
  if (m.senderId !== input.viewerId || m.removed || m.deleted) return { editHref: null, deleteHref: null };
  const href = `${input.base}/messages/${encodeURIComponent(m.id)}`;
  const window = input.editWindowMs ?? 0;
  const editable = window > 0 && input.now !== undefined && Date.parse(m.createdAt) + window > Date.parse(input.now);
  return { editHref: editable ? `${href}/edit` : null, deleteHref: `${href}/delete` };
}

/** Places each system line after the newest message of the page it follows (by id), or before them all when it follows none of them. */
function systemLinesOf(events: ThreadEvent[], messages: Message[], people: Map<string, Participant>, i18n: Translator): { leading: Line[]; after: Map<string, Line[]> } {
  const leading: Line[] = [];
  const after = new Map<string, Line[]>();
  for (const event of events) {
    const line = systemLineData(event, people, i18n);
    const follows = event.afterMessageId;
    const at = follows === null ? undefined : [...messages].reverse().find((m) => BigInt(m.id) <= BigInt(follows));
    if (at) after.set(at.id, [...(after.get(at.id) ?? []), line]);
    else leading.push(line);
  }
  return { leading, after };
}

/** "Bob and Carol", each name isolated and linked to their profile when it is a safe link. */
function othersHtml(others: Participant[], i18n: Translator): SafeHtml {
  return i18n.listHtml(
    others.map((p) => {
      const url = safeUrl(p.profileUrl);
      return url ? html`<a href="${url}">${bdi(p.displayName)}</a>` : bdi(p.displayName);
    }),
  );
}

/** Renders a thread page body: messages oldest to newest, each `id="m-<id>"`, and the reply form. */
export function renderThread(kit: ViewKit, input: ThreadInput): string {
  const { viewerId, base } = input;
  const { i18n } = kit;
  const thread = inMemberWords(input.thread, i18n);
  const href = `${base}/threads/${encodeURIComponent(thread.id)}`;
  const people = new Map(thread.participants.map((p) => [p.id, p]));
  const others = othersOf(thread, viewerId);
  const lines = systemLinesOf(input.events ?? [], input.messages, people, i18n);
  const title = thread.subject ? bdi(thread.subject) : namesHtml(others, i18n);
  return kit.renderer.render('conversations/thread', {
    i18n,
    threadId: thread.id,
    // For the live script: the viewer's own messages it adds get Edit (inside the window, by the server's clock) and Delete links.
    viewerId,
    editWindowMs: input.editWindowMs ?? 0,
    now: input.now ?? '',
    liveResumeId: input.liveResumeId ?? null,
    titleHtml: title.html ? title : new SafeHtml(escapeHtml(i18n.t('common.conversation'))),
    others: others.map((p) => ({ displayName: p.displayName, profileUrl: safeUrl(p.profileUrl) })),
    othersHtml: othersHtml(others, i18n),
    contextHtml: contextHtml(thread.context, i18n),
    controlsHtml: input.controls ?? '',
    settingsHref: thread.kind === 'group' ? `${href}/settings` : null,
    inboxHref: `${base}/`,
    action: href,
    latestHref: href,
    olderHref: input.nextCursor ? `${href}?before=${encodeURIComponent(input.nextCursor)}` : null,
    isLatestPage: input.isLatestPage,
    avatarSize: AVATAR_SIZE,
    leadingSystemLines: lines.leading,
    messages: input.messages.map((m) => {
      const sender = people.get(m.senderId);
      return {
        id: m.id,
        mine: m.senderId === viewerId,
        senderName: sender?.displayName ?? i18n.t('messages.messageDeletedUser'),
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
        systemLines: lines.after.get(m.id) ?? [],
        attachments: attachmentListData(base, m.attachments, i18n),
      };
    }),
    csrfToken: input.csrfToken,
    body: input.body,
    errors: { ...(input.errors.body ? { body: input.errors.body } : {}), ...(input.errors.form ? { form: input.errors.form } : {}) },
    maxMessageLength: input.maxMessageLength,
    fileInput: fileInputData(input.attachments && { ...input.attachments, ...(input.errors.files ? { error: input.errors.files } : {}) }, i18n),
  });
}
