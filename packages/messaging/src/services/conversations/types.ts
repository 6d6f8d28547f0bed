import type { MessageAttachment } from '../attachments/types.js';

/**
 * The shapes the services return; the JSON API sends them as they are
 * (see the HTTP contract). Ids are strings; times are ISO 8601 strings in UTC.
 */

/** A member as a thread shows them. Unknown ids come back as "Deleted user". */
export interface Participant {
  id: string;
  displayName: string;
  profileUrl: string | null;
  avatarUrl: string | null;
}

export interface Message {
  id: string;
  threadId: string;
  senderId: string;
  body: string;
  createdAt: string;
  /** Present (`'moderator'`) when a moderator removed the message: `body` is then empty and the page shows "Message removed by a moderator". */
  removed?: 'moderator';
  /** When the sender last edited the message; absent when never edited. */
  editedAt?: string;
  /** Present (`true`) when the sender deleted the message: `body` is then empty and the page shows "Message deleted". */
  deleted?: true;
  /** The message's files, in the order they were named; present whenever attachments are on (empty for none). */
  attachments?: MessageAttachment[];
}

export interface ThreadSummary {
  id: string;
  subject: string | null;
  participants: Participant[];
  lastMessage: { id: string; senderId: string; preview: string; createdAt: string } | null;
  /** The viewer's unread messages in this thread. */
  unreadCount: number;
  /** True when the viewer muted the thread (its messages do not count in their badge). */
  muted?: boolean;
  lastMessageAt: string;
  /** `direct` (two members) or `group`; members can be added to a group only. */
  kind?: 'direct' | 'group';
  /** What the conversation is about (schema version 9), with the host's title and link; absent for none. */
  context?: { type: string; id: string; title: string | null; url: string | null };
}

/** A system line of a thread: who added whom, who renamed it. Never unread; `afterMessageId` places it (null: before every message). */
export interface ThreadEvent {
  id: string;
  kind: 'members_added' | 'renamed';
  actorId: string;
  /** `members_added`: who was added. */
  userIds?: string[];
  /** `renamed`: the new subject (null: cleared). */
  subject?: string | null;
  afterMessageId: string | null;
  createdAt: string;
}

/** A page of a keyset-paginated list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The viewer's badge. */
export interface UnreadState {
  /** Unread messages over all threads (muted threads do not count). */
  unreadTotal: number;
  /** Threads holding at least one unread message. */
  unreadThreads: number;
}
