import type { Response } from 'express';
import type { HttpContext } from '../http-context.js';
import type { BusEvent } from '../../services/live/event-bus.js';
import { latestMessageId, messagesForViewer } from '../../services/live/live-reads.js';
import { changedMessageForViewer } from '../../services/live/message-changes.js';
import type { Message } from '../../services/conversations/types.js';
import type { EventIdCodec } from './live-event-ids.js';

/** How the streams of an instance used their buffers (internal gauges, for tests and metrics). */
export interface StreamBufferStats {
  /** The most bytes any stream held unsent after a write. */
  peakBufferedBytes: number;
  /** Streams closed because their client read too slowly. */
  slowStreamsClosed: number;
}

/** What one stream needs besides its response. */
export interface LiveStreamDependencies {
  ctx: HttpContext;
  getUnreadTotal(userId: string): Promise<number>;
  isEnabled(): Promise<boolean>;
  replayLimit: number;
  /** The event-id codec of the deployment (its key is read once). */
  eventIds(): Promise<EventIdCodec>;
  /** Past this many unsent bytes, the stream is closed (`liveUpdates.maxBufferedBytes`). */
  maxBufferedBytes: number;
  stats: StreamBufferStats;
}

/**
 * How many delivered message ids a stream remembers, to drop a late duplicate: a bus event
 * for a message a replay sent already. Those are the newest of the replay (committed while
 * the stream subscribed or the bus reconnected), so a few dozen suffice, and an idle stream
 * stays small however many messages it delivered.
 */
const REMEMBERED_IDS = 32;

/**
 * Most tasks (bus events waiting for their database read) a stream may have queued. Only a
 * replay paced to a client that stopped reading makes them pile up; past this, the stream is
 * closed like one whose buffer is full, and the client resumes from its last id.
 */
const MAX_QUEUED_TASKS = 1000;

const bigger = (a: string, b: string): string => (BigInt(a) >= BigInt(b) ? a : b);

/**
 * One open `GET /api/events` response of one viewer.
 *
 * Each event's id carries the stream's mark, the largest message id it accounted for (a
 * `message` event's own id, or the mark if a message committed out of order arrives after a
 * larger one), sealed by {@link EventIdCodec} so that the member cannot read it. A reconnect
 * with that id as `Last-Event-ID` replays exactly the messages after the mark, so nothing shown
 * is shown twice. All work runs one task after another, so the events leave in the order they
 * were decided.
 *
 * A client that reads too slowly cannot make the stream hold more than `maxBufferedBytes`
 * unsent: an event that would pass it closes the stream instead. A replay, which the stream
 * writes in a burst of its own making, waits for the client to drain before each next event.
 */
export class LiveStream {
  readonly viewerId: string;
  readonly openedAt = Date.now();
  #mark = '0';
  /** The last REMEMBERED_IDS ids delivered, a ring: `#delivered[#next]` is the oldest. */
  readonly #delivered: string[] = [];
  #next = 0;
  #queue: Promise<void> = Promise.resolve();
  #unreadQueued = false;
  #closed = false;
  #queued = 0;
  #codec: EventIdCodec | undefined;
  /**
   * Bytes written since the response last said it was full, until it drained: what a layer
   * above the socket (the host's `compression`) holds, which `writableLength` does not count.
   */
  #backlog = 0;
  readonly #onEnd: () => void;

  constructor(
    private readonly deps: LiveStreamDependencies,
    private readonly res: Response,
    viewerId: string,
    onEnd: () => void,
  ) {
    this.viewerId = viewerId;
    this.#onEnd = onEnd;
    res.on('drain', () => {
      this.#backlog = 0;
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * First events: replay after `lastEventId` (when the client sent one; else after
   * `openedMark`, the latest message id read before the client saw the stream open), then the
   * unread total; not before `listening` settles (the bus hears every change from then on).
   * Bus events that come meanwhile wait behind them in the stream's queue.
   */
  start(lastEventId: string | null, listening: Promise<unknown> = Promise.resolve(), openedMark?: string): void {
    this.#enqueue(async () => {
      await listening;
      this.#codec = await this.deps.eventIds();
      const latest = await latestMessageId(this.deps.ctx.database.db);
      const position = lastEventId === null ? null : this.#codec.decode(this.viewerId, lastEventId);
      if (lastEventId === null) {
        // A message committed after the client saw the stream open, but before the listener
        // heard it (the first stream of a process waits for LISTEN), is sent from here.
        this.#mark = openedMark ?? latest;
        if (BigInt(latest) > BigInt(this.#mark)) await this.#catchUp(latest);
      } else if (position === null || BigInt(position) > BigInt(latest)) {
        // Not an id this deployment gave this member, or one from a database since restored
        // or reset: the client starts over. Said alike for any such id, so that a guess
        // learns nothing of the message count.
        this.#mark = latest;
        this.#send('resync', { reason: 'unknown_last_event_id' });
      } else {
        this.#mark = position;
        await this.#catchUp(latest);
      }
      await this.#sendUnread();
    });
  }

  /**
   * Reacts to a bus event. The bus hands a stream only its viewer's events (subscribed by
   * member) and those for everyone: a message here is one the viewer receives.
   */
  handle(event: BusEvent): void {
    switch (event.type) {
      case 'message':
        this.#enqueue(() => this.#deliverIds([event.messageId]));
        return;
      case 'message-change':
        this.#enqueue(() => this.#deliverChange(event.change, event.messageId));
        return;
      case 'thread-change':
        // Ids only: a page reloads the thread (or its header) to show the new members or name.
        this.#enqueue(async () => {
          this.#send(`thread.${event.change}`, { threadId: event.threadId });
        });
        return;
      case 'unread':
        if (!this.#unreadQueued) {
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
    if (this.#closed) return;
    if (this.#queued >= MAX_QUEUED_TASKS) return this.#closeSlow();
    this.#queued += 1;
    this.#queue = this.#queue.then(async () => {
      try {
        if (!this.#closed) await task();
      } catch (err) {
        // A database hiccup: end the stream; the client reconnects and resumes from its last id.
        this.deps.ctx.logger.warn({ err: String((err as Error)?.message ?? err) }, 'messaging: live-update stream failed; closing it');
        this.end();
      } finally {
        this.#queued -= 1;
      }
    });
  }

  /**
   * Sends the viewer's messages after the mark. `latest` (read before the query) becomes the
   * mark when all were sent; past the replay limit, the client is told to reload instead.
   */
  async #catchUp(latest: string): Promise<void> {
    const { replayLimit, ctx } = this.deps;
    const missed = await messagesForViewer(ctx.database.db, this.viewerId, { afterId: this.#mark, limit: replayLimit + 1 }, { attachments: Boolean(ctx.options.attachments) });
    if (missed.length > replayLimit) {
      this.#mark = bigger(this.#mark, latest);
      this.#send('resync', { reason: 'too_many_missed' });
      return;
    }
    for (const message of missed) {
      // Paced: a replay may be megabytes, which a client that reads keeps up with.
      if (!this.#deliver(message) && !this.#closed) await this.#drained();
      if (this.#closed) return;
    }
    this.#mark = bigger(this.#mark, latest);
  }

  async #deliverIds(ids: string[]): Promise<void> {
    const fresh = ids.filter((id) => !this.#delivered.includes(id));
    const { ctx } = this.deps;
    for (const message of await messagesForViewer(ctx.database.db, this.viewerId, { ids: fresh }, { attachments: Boolean(ctx.options.attachments) })) this.#deliver(message);
  }

  /**
   * An edit or a deletion of a message the viewer can see: `message.edited` with the message as
   * it reads now, or `message.deleted` with the ids. Not replayed on reconnect (the mark counts
   * new messages only): a page that reloads shows the change.
   */
  async #deliverChange(change: 'edited' | 'deleted', messageId: string): Promise<void> {
    const message = await changedMessageForViewer(this.deps.ctx.database.db, this.viewerId, messageId);
    if (!message) return;
    if (change === 'deleted' && message.deleted) this.#send('message.deleted', { threadId: message.threadId, messageId: message.id });
    else if (change === 'edited' && !message.deleted) this.#send('message.edited', { threadId: message.threadId, message, mine: message.senderId === this.viewerId });
  }

  /** Sends the message unless it was sent already; false when the client should drain first. */
  #deliver(message: Message): boolean {
    if (this.#delivered.includes(message.id)) return true;
    this.#delivered[this.#next] = message.id;
    this.#next = (this.#next + 1) % REMEMBERED_IDS;
    this.#mark = bigger(this.#mark, message.id);
    return this.#send('message', { threadId: message.threadId, message, mine: message.senderId === this.viewerId });
  }

  async #sendUnread(): Promise<void> {
    this.#unreadQueued = false;
    const unreadTotal = await this.deps.getUnreadTotal(this.viewerId);
    this.#send('unread', { unreadTotal });
  }

  #send(event: string, data: unknown): boolean {
    return this.#write(`id: ${this.#codec!.encode(this.viewerId, this.#mark)}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Unsent bytes: the response's and its socket's, or what a compressor above them holds. */
  #buffered(): number {
    return Math.max(this.res.writableLength ?? 0, this.#backlog);
  }

  /**
   * Writes the chunk, or closes the stream if that would take it past the cap (one chunk on
   * an empty buffer always goes: a long message must not make a stream that cannot resume).
   * Returns false when the client should drain before the next write.
   */
  #write(chunk: string): boolean {
    if (this.#closed) return false;
    const size = Buffer.byteLength(chunk);
    const buffered = this.#buffered();
    if (buffered > 0 && buffered + size > this.deps.maxBufferedBytes) {
      this.#closeSlow();
      return false;
    }
    const ok = this.res.write(chunk);
    if (!ok || this.#backlog > 0) this.#backlog += size;
    // Where the host uses `compression`, push the event out now rather than buffer it.
    (this.res as Response & { flush?: () => void }).flush?.();
    const stats = this.deps.stats;
    stats.peakBufferedBytes = Math.max(stats.peakBufferedBytes, this.#buffered());
    return ok;
  }

  /** Resolves once the client has taken what was buffered, or the response is gone. */
  #drained(): Promise<void> {
    return new Promise((resolve) => {
      // `once`, not `on` and `off`: `compression` moves 'drain' listeners to its own stream
      // but does not move `off`; a once-listener removes itself wherever it sits.
      const gone = () => resolve();
      this.res.once('drain', () => {
        this.res.off('close', gone);
        resolve();
      });
      this.res.once('close', gone);
    });
  }

  /**
   * The client does not keep up: drop the connection rather than hold more for it. A reset
   * frees the kernel's buffers too, where a graceful end would wait for a reader that may
   * never come; the browser reconnects and resumes from the last event it got whole.
   */
  #closeSlow(): void {
    if (this.#closed) return;
    const { ctx, stats, maxBufferedBytes } = this.deps;
    stats.slowStreamsClosed += 1;
    ctx.logger.warn(
      { userId: this.viewerId, bufferedBytes: this.#buffered(), queuedEvents: this.#queued, maxBufferedBytes },
      'messaging: closed a live-update stream whose client reads too slowly; it resumes from its last event id',
    );
    this.#closed = true;
    this.#onEnd();
    const socket = this.res.socket as (NonNullable<Response['socket']> & { resetAndDestroy?: () => void }) | null;
    try {
      if (!socket || socket.destroyed || !socket.resetAndDestroy) throw new Error('no TCP socket to reset');
      socket.resetAndDestroy();
    } catch {
      this.res.destroy(); // TLS (no reset there), or the socket is gone already
    }
  }
}
