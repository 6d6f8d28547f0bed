import { latestMessageId } from '../../services/live/live-reads.js';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HttpContext } from '../http-context.js';
import { MessagingError, shuttingDown } from '../../errors.js';
import type { EventBus } from '../../services/live/event-bus.js';
import { createEventIdSource } from './live-event-ids.js';
import { LiveStream, type StreamBufferStats } from './live-stream.js';
import { createSwitchWatch } from './switch-watch.js';
import { currentViewer, viewerIdFrom } from '../guards/viewer.js';

/** What the live-update handler needs; wired by createMessaging. */
export interface EventStreamDependencies {
  ctx: HttpContext;
  bus: EventBus;
  isEnabled(): Promise<boolean>;
  /** The switch read now, past any cache: asked when another process may have changed it. */
  isEnabledNow(): Promise<boolean>;
  getUnreadTotal(userId: string): Promise<number>;
  /** The deployment's key of the event ids (services/settings/secrets.ts). */
  eventIdKey(): Promise<Buffer>;
}

/** The `GET /api/events` handler and what the instance needs to watch and close its streams. */
export interface EventStreams {
  /** The route handler: mount as `router.get('/api/events', handler)` behind the switch guard. */
  handler: RequestHandler;
  /** Streams open in this process now (a gauge for metrics). */
  openStreamCount(): number;
  /** Ends every open stream (at `messaging.close()`). */
  closeAll(): void;
  /** How the streams used their buffers (internal gauges). */
  bufferStats(): StreamBufferStats;
  /**
   * A `Last-Event-ID` for a page that read the database when its newest message id was
   * `latestMessageId` (ThreadPage.latestMessageId): a stream opened with it sends the viewer's
   * messages that came after, so one that arrives while the page loads (before its script
   * opens the stream) is not missed.
   */
  resumeFrom(viewerId: string, latestMessageId: string): Promise<string>;
}

/** Longest a new stream waits for the Postgres listener before its first event. */
const LISTEN_WAIT_MS = 3_000;
const LIVE_DEFAULTS = Object.freeze({ heartbeatMs: 25_000, maxStreamsPerUser: 5, replayLimit: 200, retryMs: 3_000, maxBufferedBytes: 256 * 1024 });

/** The `Last-Event-ID` the client sent (header, or `?lastEventId=` for polyfills), or null for none. */
function lastEventIdOf(req: Request): string | null {
  const query = req.query.lastEventId;
  const raw = req.get('last-event-id') ?? (typeof query === 'string' ? query : undefined);
  const value = raw?.trim().slice(0, 200);
  return value ? value : null;
}

/**
 * Whether the member who opened the stream is still signed in as the same member. Asked
 * again on every heartbeat, past the per-request cache of `currentViewer`. Where the host
 * uses express-session, the session is reloaded from its store first, so a sign-out in
 * another request ends this stream too.
 */
async function stillSignedIn(ctx: HttpContext, req: Request, viewerId: string): Promise<boolean> {
  const session = (req as Request & { session?: { reload?: (cb: (err?: unknown) => void) => void } }).session;
  if (session && typeof session.reload === 'function') {
    const reloaded = await new Promise<boolean>((resolve) => session.reload!((err) => resolve(!err)));
    if (!reloaded) return false; // destroyed in the store: signed out
  }
  return viewerIdFrom(ctx, await ctx.options.currentUserId(req)) === viewerId;
}

/**
 * Server-Sent Events for the signed-in viewer (see docs/live-updates.md): `message` events
 * `{ threadId, message, mine }` for threads they take part in and `unread` events
 * `{ unreadTotal }`, an `id` on each, a heartbeat comment, and a replay of what was missed
 * on reconnect. A member may hold `maxStreamsPerUser` streams per process; one more is
 * refused with 429 (a refused EventSource stops retrying, and the script falls back to
 * polling), rather than closing an older tab that would reconnect and close another in turn.
 */
export function createEventStreams(deps: EventStreamDependencies): EventStreams {
  const { ctx, bus } = deps;
  const settings = { ...LIVE_DEFAULTS, ...ctx.options.liveUpdates };
  const byUser = new Map<string, Set<LiveStream>>();
  const eventIds = createEventIdSource(deps.eventIdKey);
  const stats: StreamBufferStats = { peakBufferedBytes: 0, slowStreamsClosed: 0 };
  let open = 0;
  let closed = false;

  const endAll = () => {
    for (const set of [...byUser.values()]) for (const stream of [...set]) stream.end();
  };

  const switchWatch = createSwitchWatch(ctx, bus, deps.isEnabledNow, endAll);

  function register(stream: LiveStream): void {
    let set = byUser.get(stream.viewerId);
    if (!set) {
      set = new Set();
      byUser.set(stream.viewerId, set);
    }
    set.add(stream);
    open += 1;
    switchWatch.start();
  }

  function unregister(stream: LiveStream): void {
    const set = byUser.get(stream.viewerId);
    if (!set?.delete(stream)) return;
    open -= 1;
    if (set.size === 0) byUser.delete(stream.viewerId);
    if (open === 0) switchWatch.idle();
  }

  async function openStream(req: Request, res: Response): Promise<void> {
    const viewerId = await currentViewer(ctx, req);
    if (viewerId === null) throw new MessagingError('unauthenticated');
    if (closed) throw shuttingDown();
    // Read before the client can see the stream open: what it sends after that is new to it,
    // even when committed before the Postgres listener hears it (see LiveStream.start).
    const openedMark = await latestMessageId(ctx.database.db);
    // Gone while we asked who it was: from here to the 'close' listener all runs in one go.
    if (req.socket?.destroyed) return;
    if ((byUser.get(viewerId)?.size ?? 0) >= settings.maxStreamsPerUser) {
      throw new MessagingError('rate_limited', 'Too many live-update connections are open: close a tab or window.', {
        details: { retryAfter: Math.ceil(settings.heartbeatMs / 1000) },
      });
    }

    let unsubscribe = () => {};
    let heartbeat: NodeJS.Timeout | undefined;
    const streamDeps = {
      ctx,
      getUnreadTotal: deps.getUnreadTotal,
      isEnabled: deps.isEnabled,
      replayLimit: settings.replayLimit,
      eventIds,
      maxBufferedBytes: settings.maxBufferedBytes,
      stats,
    };
    const stream = new LiveStream(streamDeps, res, viewerId, () => {
      clearInterval(heartbeat);
      unsubscribe();
      unregister(stream);
    });
    register(stream);

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no'); // nginx: pass events through as they come
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.flushHeaders();
    req.socket.setNoDelay?.(true);
    res.write(`retry: ${settings.retryMs}\n\n`);

    // The response's 'close' (not the request's, which may come once the request is read).
    res.on('close', () => stream.dispose());
    // Subscribed before the first read, so that nothing committed in between is lost.
    unsubscribe = bus.subscribe(viewerId, (event) => stream.handle(event));
    // The first stream of a process opens the Postgres listener: the stream's first event waits
    // for the LISTEN (a few ms), so that a client that heard it hears every change made after
    // it. Not past LISTEN_WAIT_MS: a listener that cannot connect yet must not hold the stream
    // (it catches up on messages when the listener comes).
    stream.start(lastEventIdOf(req), bus.whenListening(LISTEN_WAIT_MS), openedMark);

    heartbeat = setInterval(() => {
      stream.heartbeat();
      Promise.all([deps.isEnabled(), stillSignedIn(ctx, req, viewerId)]).then(
        ([enabled, signedIn]) => {
          if (!enabled || !signedIn) stream.end();
        },
        () => stream.end(),
      );
    }, settings.heartbeatMs);
    heartbeat.unref?.();
  }

  return {
    handler: function messagingEventStream(req: Request, res: Response, next: NextFunction) {
      openStream(req, res).catch((err) => (res.headersSent ? res.end() : next(err)));
    },
    openStreamCount: () => open,
    closeAll() {
      closed = true;
      switchWatch.stop();
      endAll();
    },
    bufferStats: () => ({ ...stats }),
    async resumeFrom(viewerId, latest) {
      return (await eventIds()).encode(viewerId, latest);
    },
  };
}
