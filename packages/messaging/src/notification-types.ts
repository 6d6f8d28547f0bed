/** How a member hears about unread messages: not at all, a mail per conversation (once until they read it), or a daily digest. */
export type NotificationMode = 'off' | 'conversation' | 'digest';

/**
 * The recipient as the host's `users.getUsers` returned them: a `MessagingUser`, with whatever
 * else the host put on it (an email address, a locale). Written out here rather than imported,
 * so that the options' types and these do not import each other.
 */
export interface NotificationRecipient {
  id: string | number;
  displayName: string;
  profileUrl?: string | null;
  avatarUrl?: string | null;
  [field: string]: unknown;
}

/** One thread of a {@link MessagingNotification}. */
export interface NotificationThread {
  threadId: string;
  /** The thread's subject (plain text, not escaped), or null. */
  subject: string | null;
  /** Absolute URL of the thread page. */
  url: string;
  /** The recipient's unread messages in it. */
  unreadCount: number;
  /** Who wrote those unread messages (plain text names, not escaped). */
  senders: Array<{ id: string; displayName: string }>;
  /** The newest unread messages, oldest first; only with `notifications.includeMessageText`. */
  latestMessages?: Array<{ senderId: string; body: string; sentAt: string }>;
}

/**
 * What the host's `notifications.send` receives: one notification to deliver (a mail, a push).
 * Every text in it is plain text: escape it for HTML (or use `renderNotificationMail`).
 */
export interface MessagingNotification {
  /** Stable across retries of the same notification: de-duplicate on it. */
  id: string;
  /** `conversation`: unread messages in one thread; `digest`: the daily summary; `test`: queued by `queueTest` / the CLI. */
  kind: 'conversation' | 'digest' | 'test';
  recipientId: string;
  /** The recipient as `users.getUsers` returns them (map to an email address), or null when the host no longer knows them. */
  recipient: NotificationRecipient | null;
  /** The threads with unread messages (one for `conversation`, empty for `test`). */
  threads: NotificationThread[];
  /** Unread messages over these threads. */
  unreadTotal: number;
  /** Absolute links: the inbox, the member's preferences page, and the one-click unsubscribe URL. */
  links: { inbox: string; preferences: string; unsubscribe: string };
  /** Headers for a mail (RFC 2369 / RFC 8058 one-click unsubscribe). */
  headers: { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  /** When the notification was made (ISO 8601, UTC). */
  createdAt: string;
  /** Which attempt this is, from 1. */
  attempt: number;
}

/** One row of what is still to deliver, for the CLI (no message text). */
export interface PendingNotificationSummary {
  id: string;
  kind: 'conversation' | 'digest' | 'test';
  recipientId: string;
  threadId: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  /** When it may be tried next (ISO 8601). */
  nextAttemptAt: string;
  createdAt: string;
  lastError: string | null;
}

/** What one run of `deliverDue` did. */
export interface DeliveryResult {
  sent: number;
  failed: number;
  skipped: number;
}

/** `messaging.notifications`: members' notification modes and the delivery of due notifications. */
export interface NotificationService {
  /** The member's effective mode (the host's `defaultMode` when they chose nothing). */
  getMode(userId: string | number): Promise<NotificationMode>;
  /** Stores the member's mode. */
  setMode(userId: string | number, mode: NotificationMode): Promise<void>;
  /**
   * Delivers what is due now through the host's `send` (what the worker runs every
   * `pollIntervalMs`); for a job when `worker: false`. Without the `notifications` option it sends nothing.
   */
  deliverDue(options?: { limit?: number }): Promise<DeliveryResult>;
  /** The outbox rows still to deliver (pending or being sent), oldest due first (default 50). */
  pending(options?: { limit?: number }): Promise<PendingNotificationSummary[]>;
  /** Counts of outbox rows by status. */
  countByStatus(): Promise<Record<'pending' | 'sending' | 'sent' | 'failed' | 'skipped', number>>;
  /** Queues a `test` notification for the member: the worker (or `deliverDue`) sends it through the host's `send`. */
  queueTest(userId: string | number): Promise<{ id: string }>;
}
