/**
 * Live-update events between the processes of one deployment. They carry ids only (never
 * message text): a stream that receives one reads what it needs back from the database, so
 * a payload stays far below Postgres' 8000-byte NOTIFY limit and is safe to log.
 */
export type BusEvent =
  /** A message was committed; `recipientIds` are the members who should hear of it (sender included, for their other tabs). */
  | { type: 'message'; threadId: string; messageId: string; recipientIds: string[] }
  /** A message was edited or deleted by its sender; `recipientIds` as for `message`. The stream reads the message back. */
  | { type: 'message-change'; change: 'edited' | 'deleted'; threadId: string; messageId: string; recipientIds: string[] }
  /** A group got members or a new name; `recipientIds` are its members now (newcomers included). */
  | { type: 'thread-change'; change: 'members_added' | 'renamed'; threadId: string; recipientIds: string[] }
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
  /**
   * Listens to the events of one member (their messages, their unread total) and to those
   * for everyone (the switch, `bulk`, `resync`); returns the function that stops listening.
   * Indexed by member, so an event costs only its recipients' listeners, however many
   * other members' streams are open.
   */
  subscribe(memberId: string, listener: BusListener): () => void;
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
  /**
   * Resolves once the bus is listening (at once when it is), or after `timeoutMs` at the
   * latest, with whether it is: a new stream waits for it before its first event, so that a
   * client that has heard the first event hears every change made after it.
   */
  whenListening(timeoutMs: number): Promise<boolean>;
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

/**
 * The members an event concerns, or null when it concerns every listener. Every type is named:
 * a new member's event that fell through to "everyone" would reach every member's streams.
 */
export function membersOf(event: BusEvent): readonly string[] | null {
  switch (event.type) {
    case 'message':
    case 'message-change':
    case 'thread-change':
      return event.recipientIds;
    case 'unread':
      return [event.userId];
    case 'blocks':
      return event.userIds;
    case 'toggle':
    case 'bulk':
    case 'resync':
      return null;
    default: {
      const unknown: never = event; // a compile error when a type is added without a case here
      throw new Error(`messaging: no recipients known for bus event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The streams' listeners indexed by member: an event reaches the listeners of the members it
 * concerns only (a cost in its recipients, not in the open streams); an event for everyone
 * (the switch, `bulk`, `resync`: rare) reaches all. One failing listener cannot stop the others.
 */
export class MemberListeners {
  readonly #byMember = new Map<string, Set<BusListener>>();
  #size = 0;

  constructor(private readonly onError: (err: unknown) => void) {}

  add(memberId: string, listener: BusListener): () => void {
    // Wrapped, so that one function subscribed twice counts (and unsubscribes) twice.
    const entry: BusListener = (event) => listener(event);
    let set = this.#byMember.get(memberId);
    if (!set) {
      set = new Set();
      this.#byMember.set(memberId, set);
    }
    set.add(entry);
    this.#size += 1;
    return () => {
      const current = this.#byMember.get(memberId);
      if (!current?.delete(entry)) return;
      this.#size -= 1;
      // A member with no stream left leaves the index: it grows with open streams, not with every member ever seen.
      if (current.size === 0) this.#byMember.delete(memberId);
    };
  }

  /** Listeners subscribed now. */
  get size(): number {
    return this.#size;
  }

  /** Members with a listener now. */
  get memberCount(): number {
    return this.#byMember.size;
  }

  deliver(event: BusEvent): void {
    const members = membersOf(event);
    if (members === null) {
      for (const set of [...this.#byMember.values()]) this.#call(set, event);
      return;
    }
    for (const memberId of members) {
      const set = this.#byMember.get(memberId);
      if (set) this.#call(set, event);
    }
  }

  clear(): void {
    this.#byMember.clear();
    this.#size = 0;
  }

  #call(set: Set<BusListener>, event: BusEvent): void {
    // A copy: a listener may unsubscribe (its stream ends) while we walk. A member has a few streams at most.
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (err) {
        this.onError(err);
      }
    }
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
    case 'message-change':
      return (v.change === 'edited' || v.change === 'deleted') && isString(v.threadId) && isString(v.messageId) && Array.isArray(v.recipientIds) && v.recipientIds.every(isString)
        ? { type: 'message-change', change: v.change, threadId: v.threadId, messageId: v.messageId, recipientIds: v.recipientIds }
        : null;
    case 'thread-change':
      return (v.change === 'members_added' || v.change === 'renamed') && isString(v.threadId) && Array.isArray(v.recipientIds) && v.recipientIds.every(isString)
        ? { type: 'thread-change', change: v.change, threadId: v.threadId, recipientIds: v.recipientIds }
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
