// The JSON the script reads, as the HTTP contract (docs/http.md) defines it: only the
// fields it uses.

export interface Participant {
  id: string;
  displayName: string;
  profileUrl: string | null;
  avatarUrl?: string | null;
}

export interface Message {
  id: string;
  senderId: string;
  body: string;
  createdAt: string;
  /** Set when the sender edited it. */
  editedAt?: string;
  /** True when the sender deleted it (`body` is then empty). */
  deleted?: boolean;
  /** Its files (attachments on). */
  attachments?: Attachment[];
}

/** A file of a message: only the fields the script shows; its URLs are built from `id`. */
export interface Attachment {
  id: string;
  name: string;
  size: number;
  width?: number;
  height?: number;
  /** Present for an image with a thumbnail. */
  thumbnailUrl?: string | null;
}

/** `GET /api/unread`, `POST /api/threads/:id/read` and the `unread` event. */
export interface UnreadTotal {
  unreadTotal: number;
}

/** `GET /api/threads/:id`. */
export interface ThreadPage {
  thread: { participants?: Participant[]; subject?: string | null };
  messages: Message[];
  /** The system lines of the page (members added, renames), oldest first. */
  events?: ThreadEvent[];
  nextCursor?: string | null;
}

/** A system line of a thread (`events` of `GET /api/threads/:id`). */
export interface ThreadEvent {
  id: string;
  kind: 'members_added' | 'renamed';
  actorId: string;
  userIds?: string[];
  subject?: string | null;
  afterMessageId: string | null;
  createdAt: string;
}

/** The `thread.members_added` and `thread.renamed` events. */
export interface LiveThreadChange {
  threadId: string;
}

/** The `message` event. */
export interface LiveMessage {
  threadId: string;
  message: Message;
  mine?: boolean;
}

/** The `message.deleted` event. */
export interface LiveMessageDeleted {
  threadId: string;
  messageId: string;
}

declare global {
  interface Window {
    /** Set by the first copy of the script, so that a page that includes it twice opens one stream. */
    orgMessagingLive?: boolean;
  }
}
