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
}

export interface ThreadSummary {
  id: string;
  subject: string | null;
  participants: Participant[];
  lastMessage: { id: string; senderId: string; preview: string; createdAt: string } | null;
  /** The viewer's unread messages in this thread. */
  unreadCount: number;
  lastMessageAt: string;
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
