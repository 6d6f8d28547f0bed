/**
 * Live-update events between the processes of one deployment. They carry ids only (never
 * message text): a stream that receives one reads what it needs back from the database, so
 * a payload stays far below Postgres' 8000-byte NOTIFY limit and is safe to log.
 */
export type BusEvent =
  /** A message was committed; `recipientIds` are the members who should hear of it (sender included, for their other tabs). */
  | { type: 'message'; threadId: string; messageId: string; recipientIds: string[] }
  /** A member's unread total changed; the stream reads the new total. */
  | { type: 'unread'; userId: string }
  /** The admin switch changed; every process closes its streams when it goes off. */
  | { type: 'toggle'; enabled: boolean }
  /** A block between these members was made or lifted; caches of their Message buttons forget them. */
  | { type: 'blocks'; userIds: string[] }
  /**
   * A change made outside any instance's events: a bulk job (retention, forget-user) changed
   * many members' counters, or the CLI switched messaging off. Caches start over, and the
   * streams' process reads the switch again.
   */
  | { type: 'bulk' }
  /**
   * Local only, never published: the bus (re)connected and may have missed events while it
   * was down, so every stream catches up from the database.
   */
  | { type: 'resync' };

/** The events a caller may publish (`resync` is the bus's own signal). */
export type PublishableBusEvent = Exclude<BusEvent, { type: 'resync' }>;

export type BusListener = (event: BusEvent) => void;

/**
 * How the live-update streams of every process hear about changes. One per messaging
 * instance; it starts on the first subscriber and stops at `close()`.
 */
export interface EventBus {
  /**
   * Sends an event to every subscriber of every process, the publisher's included (exactly
   * once). Call it after the transaction that caused it has committed. Never rejects: a
   * failure is logged, and the streams catch up on their next resync or reconnect.
   */
  publish(event: PublishableBusEvent): Promise<void>;
  /** Listens to every event; returns the function that stops listening. */
  subscribe(listener: BusListener): () => void;
  /**
   * For the instance's own caches rather than a stream (not counted by `listenerCount`, which
   * gauges open streams): hears of the changes other processes publish, and of `resync`. This
   * process's own changes may come back too; a cache hears of those from its events already.
   * The in-process bus has no other process to hear from and calls nothing.
   */
  watch(listener: BusListener): () => void;
  /** How many listeners are subscribed now (a gauge, and a leak check in tests). */
  listenerCount(): number;
  /**
   * Whether every event published from now on will be heard (the Postgres listener is
   * connected). A cache keeps nothing while it is false, since it would not hear of changes.
   */
  isListening(): boolean;
  /** Stops the bus: no more deliveries; a Postgres listener connection is ended. */
  close(): Promise<void>;
}

/** A set of listeners that delivers to each, so that one failing listener cannot stop the others. */
export class ListenerSet {
  readonly #listeners = new Set<BusListener>();

  constructor(private readonly onError: (err: unknown) => void) {}

  add(listener: BusListener): () => void {
    // Wrapped, so that one function subscribed twice counts (and unsubscribes) twice.
    const entry: BusListener = (event) => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  get size(): number {
    return this.#listeners.size;
  }

  deliver(event: BusEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}

/** Checks an event read from outside (a NOTIFY payload); null when it is not one of ours. */
export function parseBusEvent(value: unknown): PublishableBusEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const isString = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
  switch (v.type) {
    case 'message':
      return isString(v.threadId) && isString(v.messageId) && Array.isArray(v.recipientIds) && v.recipientIds.every(isString)
        ? { type: 'message', threadId: v.threadId, messageId: v.messageId, recipientIds: v.recipientIds }
        : null;
    case 'unread':
      return isString(v.userId) ? { type: 'unread', userId: v.userId } : null;
    case 'toggle':
      return typeof v.enabled === 'boolean' ? { type: 'toggle', enabled: v.enabled } : null;
    case 'blocks':
      return Array.isArray(v.userIds) && v.userIds.every(isString) ? { type: 'blocks', userIds: v.userIds } : null;
    case 'bulk':
      return { type: 'bulk' };
    default:
      return null;
  }
}
