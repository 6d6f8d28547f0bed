import type { MessagingContext } from '../../context.js';
import { MessagingError } from '../../errors.js';
import { type ResolvedNotificationOptions, resolveNotificationOptions } from '../../notification-options.js';
import { isUserId } from '../conversations/ids.js';
import { clampLimit } from '../conversations/service-deps.js';
import { nextDueNotifications } from './outbox-report.js';
import { emitSafely } from '../unread/unread-notify.js';
import type { UnsubscribeLinkSource } from './build-notification.js';
import { createDelivery } from './delivery.js';
import { readMode, writeMode } from './modes.js';
import type { NotificationService } from '../../notification-types.js';
import { queueTestRow } from './outbox.js';
import { type NotificationWorker, startNotificationWorker } from './worker.js';

/** The service with what the factory needs to run and stop its loop. */
export interface NotificationServiceHandle {
  service: NotificationService;
  /** Starts the delivery loop when the option is set and `worker` is not false. */
  start(): void;
  /** Stops the loop and waits for the run in progress. */
  close(): Promise<void>;
}

const STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;

/**
 * `messaging.notifications`. Without the `notifications` option the modes and the outbox still
 * work (the CLI queues a test row from a process that has no `send`), and `deliverDue` sends
 * nothing.
 */
export function createNotificationService(ctx: MessagingContext, deps: { links?: UnsubscribeLinkSource; isEnabled(): Promise<boolean> }): NotificationServiceHandle {
  const resolved: ResolvedNotificationOptions | undefined = ctx.options.notifications ? resolveNotificationOptions(ctx.options.notifications) : undefined;
  const delivery = resolved && deps.links ? createDelivery(ctx, { options: resolved, links: deps.links, isEnabled: deps.isEnabled }) : undefined;
  let worker: NotificationWorker | undefined;
  let closed = false;

  const service: NotificationService = {
    getMode: (userId) => readMode(ctx, userId, resolved?.defaultMode ?? 'conversation'),
    setMode: (userId, mode) => writeMode(ctx, userId, mode),
    deliverDue: async (options) => (delivery ? delivery.deliverDue(options) : { sent: 0, failed: 0, skipped: 0 }),
    pending: (options = {}) => nextDueNotifications(ctx.database.db, clampLimit(options.limit, 50, 1000)),
    async countByStatus() {
      const rows = await ctx.database.db
        .selectFrom('messaging_notifications')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<(typeof STATUSES)[number], number>;
      for (const r of rows) counts[r.status] = Number(r.n);
      return counts;
    },
    async queueTest(userId) {
      const id = typeof userId === 'number' && Number.isSafeInteger(userId) ? String(userId) : userId;
      if (!isUserId(id)) throw new MessagingError('invalid_request', 'userId must be a member id.');
      const rowId = await queueTestRow(ctx, id);
      emitSafely(ctx, 'notification.queued', { id: rowId, kind: 'test', recipientId: id });
      return { id: rowId };
    },
  };

  return {
    service,
    start() {
      if (closed || worker || !delivery || !resolved || resolved.worker === false) return;
      worker = startNotificationWorker(() => delivery.deliverDue(), resolved.pollIntervalMs, ctx.logger);
    },
    async close() {
      closed = true;
      await worker?.stop();
      worker = undefined;
    },
  };
}
