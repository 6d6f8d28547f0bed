import { createRequire } from 'node:module';
import type { MessagingContext } from '../../context.js';
import type { MetricsOptions } from '../../metrics-options.js';

/** The counters of one instance, as `messaging.metrics()` returns them. */
export interface MessagingMetricsSnapshot {
  /** Messages stored since the instance started (new conversations included). */
  messagesSent: number;
  /** Threads created (a reused direct thread is not counted). */
  threadsCreated: number;
  /** Times the admin switch changed, either way. */
  toggleChanges: number;
  /** Requests answered with an error, by error code (`rate_limited`, `csrf_rejected`, …). */
  requestsRefused: Record<string, number>;
  /** Live-update streams open in this process now. */
  openStreams: number;
  /** Live-update streams closed since start because their client read too slowly (`liveUpdates.maxBufferedBytes`). */
  slowStreamsClosed: number;
  /** The most unsent bytes any one live-update stream held since start (at most `liveUpdates.maxBufferedBytes`). */
  streamBufferPeakBytes: number;
  /** Listeners on the live-update bus now: one per open stream; more means a leak. */
  liveSubscriptions: number;
  /** Notifications queued in the outbox by this process (one per member and mail; digests and tests included). */
  notificationsScheduled: number;
  /** Notifications the host's `send` took. */
  notificationsSent: number;
  /** Attempts whose `send` threw (each retry counts; `notification.failed` tells which were final). */
  notificationsFailed: number;
  /** Members not told because they read the messages before the notification was due. */
  notificationsSkippedRead: number;
}

/** What the metrics read of the live updates when asked. */
export interface LiveGauges {
  openStreams(): number;
  slowStreamsClosed(): number;
  streamBufferPeakBytes(): number;
  liveSubscriptions(): number;
}

/** The metrics of an instance: a snapshot, and counters kept in step with it in a registry. */
export interface InstanceMetrics {
  snapshot(): MessagingMetricsSnapshot;
  /** Stops counting (the instance closed). */
  stop(): void;
}

type PromClient = typeof import('prom-client');

/** Loads prom-client only when the host asked for it (an optional peer dependency). */
function loadPromClient(): PromClient {
  // Synchronous, so a missing package fails at createMessaging; tsup's shims give the
  // CommonJS build an import.meta.url.
  try {
    return createRequire(import.meta.url)('prom-client') as PromClient;
  } catch (err) {
    if ((err as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND') {
      throw new TypeError('createMessaging: option "metrics.registry" needs the "prom-client" package. Install it next to @org/messaging: npm install prom-client@15', {
        cause: err,
      });
    }
    throw err;
  }
}

/**
 * Counts what the instance does by listening to its own events (`message.sent`,
 * `thread.created`, `toggle.changed`, `request.refused`), so no service knows about metrics.
 * With a registry, the same counts are prom-client counters, plus a gauge of open streams.
 * Labels are error codes only: never user ids or text, so the series stay few and safe.
 */
export function createInstanceMetrics(ctx: MessagingContext, parts: { live: LiveGauges; options?: MetricsOptions }): InstanceMetrics {
  const counts = { messagesSent: 0, threadsCreated: 0, toggleChanges: 0, notificationsScheduled: 0, notificationsSent: 0, notificationsFailed: 0, notificationsSkippedRead: 0 };
  const refused = new Map<string, number>();
  const prom = parts.options ? registerPrometheus(loadPromClient(), parts.options, parts.live) : undefined;

  const unsubscribe = [
    ctx.events.on('message.sent', () => {
      counts.messagesSent += 1;
      prom?.messagesSent.inc();
    }),
    ctx.events.on('thread.created', () => {
      counts.threadsCreated += 1;
      prom?.threadsCreated.inc();
    }),
    ctx.events.on('toggle.changed', () => {
      counts.toggleChanges += 1;
      prom?.toggleChanges.inc();
    }),
    ctx.events.on('request.refused', ({ code }) => {
      refused.set(code, (refused.get(code) ?? 0) + 1);
      prom?.requestsRefused.inc({ code });
    }),
    ctx.events.on('notification.queued', () => {
      counts.notificationsScheduled += 1;
      prom?.notificationsScheduled.inc();
    }),
    ctx.events.on('notification.sent', () => {
      counts.notificationsSent += 1;
      prom?.notificationsSent.inc();
    }),
    ctx.events.on('notification.failed', () => {
      counts.notificationsFailed += 1;
      prom?.notificationsFailed.inc();
    }),
    ctx.events.on('notification.skipped', ({ reason }) => {
      if (reason !== 'read') return;
      counts.notificationsSkippedRead += 1;
      prom?.notificationsSkippedRead.inc();
    }),
  ];

  return {
    snapshot: () => ({
      ...counts,
      requestsRefused: Object.fromEntries(refused),
      openStreams: parts.live.openStreams(),
      slowStreamsClosed: parts.live.slowStreamsClosed(),
      streamBufferPeakBytes: parts.live.streamBufferPeakBytes(),
      liveSubscriptions: parts.live.liveSubscriptions(),
    }),
    stop: () => {
      for (const off of unsubscribe) off();
    },
  };
}

function registerPrometheus(client: PromClient, options: MetricsOptions, live: LiveGauges) {
  const prefix = options.prefix ?? 'messaging_';
  const registers = [options.registry as never];
  return {
    messagesSent: new client.Counter({ name: `${prefix}messages_sent_total`, help: 'Messages stored by this process.', registers }),
    threadsCreated: new client.Counter({ name: `${prefix}threads_created_total`, help: 'Threads created by this process.', registers }),
    toggleChanges: new client.Counter({ name: `${prefix}toggle_changes_total`, help: 'Changes of the messaging switch made through this process.', registers }),
    notificationsScheduled: new client.Counter({ name: `${prefix}notifications_scheduled_total`, help: 'Notifications queued in the outbox by this process.', registers }),
    notificationsSent: new client.Counter({ name: `${prefix}notifications_sent_total`, help: "Notifications the host's send took.", registers }),
    notificationsFailed: new client.Counter({ name: `${prefix}notifications_failed_total`, help: 'Notification attempts whose send threw (retries included).', registers }),
    notificationsSkippedRead: new client.Counter({
      name: `${prefix}notifications_skipped_read_total`,
      help: 'Notifications not sent because the member read the messages first.',
      registers,
    }),
    requestsRefused: new client.Counter({
      name: `${prefix}requests_refused_total`,
      help: 'Requests answered with an error, by error code.',
      labelNames: ['code'] as const,
      registers,
    }),
    openStreams: new client.Gauge({
      name: `${prefix}open_event_streams`,
      help: 'Live-update streams open in this process.',
      registers,
      collect() {
        this.set(live.openStreams());
      },
    }),
    slowStreamsClosed: new client.Gauge({
      name: `${prefix}slow_event_streams_closed`,
      help: 'Live-update streams closed since start because their client read too slowly.',
      registers,
      collect() {
        this.set(live.slowStreamsClosed());
      },
    }),
  };
}
