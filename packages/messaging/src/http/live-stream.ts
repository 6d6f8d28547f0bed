import type { Response } from 'express';
import type { MessagingContext } from '../context.js';
import type { BusEvent } from '../services/event-bus.js';
import { latestMessageId, messagesForViewer } from '../services/live-reads.js';
import type { Message } from '../services/types.js';

/** What one stream needs besides its response. */
export interface LiveStreamDependencies {
  ctx: MessagingContext;
  getUnreadTotal(userId: string): Promise<number>;
  isEnabled(): Promise<boolean>;
  replayLimit: number;
}

/** How many delivered message ids a stream remembers to drop a late duplicate. */
const REMEMBERED_IDS = 1000;

const bigger = (a: string, b: string): string => (BigInt(a) >= BigInt(b) ? a : b);

/**
 * One open `GET /api/events` response of one viewer.
 *
 * Event ids are a high-water mark of message ids: a `message` event's id is its message id
 * (or the mark, if a message committed out of order arrives after a larger one), and every
 * other event carries the mark as it stands. A reconnect with that id as `Last-Event-ID`
 * replays exactly the messages after it, so nothing shown is shown twice. All work runs one
 * task after another, so the events leave in the order they were decided.
 */
export class LiveStream {
  readonly viewerId: string;
  readonly openedAt = Date.now();
  #mark = '0';
  readonly #delivered = new Set<string>();
  #queue: Promise<void> = Promise.resolve();
  #unreadQueued = false;
  #closed = false;
  readonly #onEnd: () => void;

  constructor(
    private readonly deps: LiveStreamDependencies,
    private readonly res: Response,
    viewerId: string,
    onEnd: () => void,
  ) {
    this.viewerId = viewerId;
    this.#onEnd = onEnd;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** First events: replay after `lastEventId` (when the client sent one), then the unread total. */
  start(lastEventId: string | null): void {
    this.#enqueue(async () => {
      const latest = await latestMessageId(this.deps.ctx.database.db);
      if (lastEventId === null) {
        this.#mark = latest;
      } else if (BigInt(lastEventId) > BigInt(latest)) {
        // An id this database never gave out (restored or reset): the client starts over.
        this.#mark = latest;
        this.#send('resync', { reason: 'unknown_last_event_id' });
      } else {
        this.#mark = lastEventId;
        await this.#catchUp(latest);
      }
      await this.#sendUnread();
    });
  }

  /** Reacts to a bus event: only the viewer's own messages and unread changes go out. */
  handle(event: BusEvent): void {
    switch (event.type) {
      case 'message':
        if (event.recipientIds.includes(this.viewerId)) this.#enqueue(() => this.#deliverIds([event.messageId]));
        return;
      case 'unread':
        if (event.userId === this.viewerId && !this.#unreadQueued) {
          this.#unreadQueued = true; // a burst of changes costs one read
          this.#enqueue(() => this.#sendUnread());
        }
        return;
      case 'toggle':
        if (!event.enabled) this.end();
        return;
      case 'resync':
        // The bus may have missed events while it was (re)connecting: read them back,
        // the switch included.
        this.#enqueue(async () => {
          if (!(await this.deps.isEnabled())) return this.end();
          await this.#catchUp(await latestMessageId(this.deps.ctx.database.db));
          await this.#sendUnread();
        });
        return;
    }
  }

  /** A comment line: keeps proxies and load balancers from closing an idle stream. */
  heartbeat(): void {
    this.#write(': ping\n\n');
  }

  /** Ends the response; the browser's EventSource reconnects after the `retry` delay. */
  end(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#onEnd();
    this.res.end();
  }

  /** The client went away: stop without writing. */
  dispose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#onEnd();
  }

  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(async () => {
      if (this.#closed) return;
      try {
        await task();
      } catch (err) {
        // A database hiccup: end the stream; the client reconnects and resumes from its last id.
        this.deps.ctx.logger.warn({ err: String((err as Error)?.message ?? err) }, 'messaging: live-update stream failed; closing it');
        this.end();
      }
    });
  }

  /**
   * Sends the viewer's messages after the mark. `latest` (read before the query) becomes the
   * mark when all were sent; past the replay limit, the client is told to reload instead.
   */
  async #catchUp(latest: string): Promise<void> {
    const { replayLimit, ctx } = this.deps;
    const missed = await messagesForViewer(ctx.database.db, this.viewerId, { afterId: this.#mark, limit: replayLimit + 1 });
    if (missed.length > replayLimit) {
      this.#mark = bigger(this.#mark, latest);
      this.#send('resync', { reason: 'too_many_missed' });
      return;
    }
    for (const message of missed) this.#deliver(message);
    this.#mark = bigger(this.#mark, latest);
  }

  async #deliverIds(ids: string[]): Promise<void> {
    const fresh = ids.filter((id) => !this.#delivered.has(id));
    for (const message of await messagesForViewer(this.deps.ctx.database.db, this.viewerId, { ids: fresh })) this.#deliver(message);
  }

  #deliver(message: Message): void {
    if (this.#delivered.has(message.id)) return;
    this.#delivered.add(message.id);
    if (this.#delivered.size > REMEMBERED_IDS) this.#delivered.delete(this.#delivered.values().next().value!);
    this.#mark = bigger(this.#mark, message.id);
    this.#send('message', { threadId: message.threadId, message, mine: message.senderId === this.viewerId });
  }

  async #sendUnread(): Promise<void> {
    this.#unreadQueued = false;
    const unreadTotal = await this.deps.getUnreadTotal(this.viewerId);
    this.#send('unread', { unreadTotal });
  }

  #send(event: string, data: unknown): void {
    this.#write(`id: ${this.#mark}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  #write(chunk: string): void {
    if (this.#closed) return;
    this.res.write(chunk);
    // Where the host uses `compression`, push the event out now rather than buffer it.
    (this.res as Response & { flush?: () => void }).flush?.();
  }
}
