import { EventEmitter } from 'node:events';

/**
 * Typed events a host can subscribe to with `messaging.on(name, listener)`. Payloads carry
 * ids and counts, never message text, so that they are safe to log.
 */
export interface MessagingEventMap {
  'toggle.changed': { enabled: boolean; actor: string | null; at: string };
  'schema.migrated': { applied: string[]; where: string };
  'thread.created': { threadId: string; createdBy: string; participantIds: string[]; kind: 'direct' | 'group' };
  'message.sent': { threadId: string; messageId: string; senderId: string; recipientIds: string[] };
  /** The sender edited a message; `recipientIds` are the thread's other current members. */
  'message.edited': { threadId: string; messageId: string; senderId: string; recipientIds: string[] };
  /** The sender deleted a message (its text is gone); `recipientIds` are the thread's other current members. */
  'message.deleted': { threadId: string; messageId: string; senderId: string; recipientIds: string[] };
  'message.read': { threadId: string; userId: string; lastReadMessageId: string | null; unreadTotal: number };
  'unread.changed': { userId: string; unreadTotal: number };
  /** A request the router answered with an error (4xx or 5xx), by the contract's error code. */
  'request.refused': { code: string; status: number; method: string };
  'report.created': { reportId: string; messageId: string; threadId: string; reporterId: string; senderId: string };
  /** A participant added members to a group; `participantIds` are its members now (the newcomers included). */
  'thread.members_added': { threadId: string; actorId: string; userIds: string[]; participantIds: string[] };
  /** A participant renamed a group. */
  'thread.renamed': { threadId: string; actorId: string; participantIds: string[] };
  /** A member blocked (`blocked: true`) or unblocked another. */
  'block.changed': { blockerId: string; blockedId: string; blocked: boolean };
  /** A notification was queued in the outbox for a member (the `notifications` option). */
  'notification.queued': { id: string; kind: 'conversation' | 'digest' | 'test'; recipientId: string };
  /** The host's `send` took a notification. */
  'notification.sent': { id: string; kind: 'conversation' | 'digest' | 'test'; recipientId: string; attempt: number };
  /** The host's `send` threw; `final`: no attempt is left (status 'failed'), otherwise it is retried later. */
  'notification.failed': { id: string; kind: 'conversation' | 'digest' | 'test'; recipientId: string; attempt: number; final: boolean };
  /**
   * A member was not told: `read` (they read it before it was due), `muted`, `left`, `off` (their mode),
   * `blocked` / `suspended` (the senders), `notified` (told already, not read since), `disabled` (the switch).
   * `id` is null when no outbox row was made.
   */
  'notification.skipped': { id: string | null; kind: 'conversation' | 'digest' | 'test'; recipientId: string; reason: string };
}

export type MessagingEventName = keyof MessagingEventMap;

/** A small typed wrapper over Node's EventEmitter; one per instance, never global. */
export class MessagingEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Hosts may subscribe from many places (metrics, logs, mail); warnings would be noise.
    this.#emitter.setMaxListeners(0);
  }

  on<K extends MessagingEventName>(name: K, listener: (payload: MessagingEventMap[K]) => void): () => void {
    this.#emitter.on(name, listener);
    return () => this.#emitter.off(name, listener);
  }

  off<K extends MessagingEventName>(name: K, listener: (payload: MessagingEventMap[K]) => void): void {
    this.#emitter.off(name, listener);
  }

  /** Emits without letting a failing listener break the request that caused the event. */
  emit<K extends MessagingEventName>(name: K, payload: MessagingEventMap[K], onError?: (err: unknown) => void): void {
    for (const listener of this.#emitter.listeners(name)) {
      try {
        (listener as (p: MessagingEventMap[K]) => void)(payload);
      } catch (err) {
        onError?.(err);
      }
    }
  }
}
