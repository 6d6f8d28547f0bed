import type { MessagingContext } from '../../context.js';
import type { ResolvedNotificationOptions } from '../../notification-options.js';
import { emitSafely } from '../unread/unread-notify.js';
import { retryDelayMs } from './backoff.js';
import { buildNotification, type UnsubscribeLinkSource } from './build-notification.js';
import { modesOf } from './modes.js';
import type { DeliveryResult } from '../../notification-types.js';
import { claimDue, expandDueSchedules, type OutboxRow, queueDigests, renewLease, settle } from './outbox.js';
import { checkConversation, checkDigest, type SkipReason, type UnreadThread } from './unread-threads.js';

/** How long a claim keeps a row from other workers; a worker that dies mid-send leaves it to be retried after. */
export const LEASE_MS = 5 * 60_000;
/** A `send` that takes longer counts as failed (retried later) so the lease cannot end while it runs. */
export const SEND_TIMEOUT_MS = 2 * 60_000;
/** Schedule rows expanded per run. */
const EXPAND_BATCH = 200;

export interface DeliveryDeps {
  options: ResolvedNotificationOptions;
  links: UnsubscribeLinkSource;
  /** The admin switch, read past its cache. */
  isEnabled(): Promise<boolean>;
}

/** Error text kept on the row: the error's name and message, short (never a payload). */
function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 500);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`notifications.send took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One delivery run: expand the due schedule rows into outbox rows, queue the day's digests once
 * the digest hour has come, then claim due outbox rows and, for each, check right before
 * sending that it still applies, build it, call the host's `send` outside any transaction and
 * settle it (sent; or retried with backoff; or failed after `maxAttempts`).
 */
export function createDelivery(ctx: MessagingContext, deps: DeliveryDeps) {
  const { options } = deps;
  let digestDay: string | undefined;

  async function expand(now: string) {
    const outcome = await expandDueSchedules(ctx, now, EXPAND_BATCH, options.defaultMode);
    for (const q of outcome.queued) emitSafely(ctx, 'notification.queued', q);
    for (const s of outcome.skippedRead) emitSafely(ctx, 'notification.skipped', { id: null, kind: 'conversation', recipientId: s.recipientId, reason: 'read' });
    const clock = new Date(now);
    const day = now.slice(0, 10);
    if (digestDay !== day && clock.getUTCHours() >= options.digestHourUtc) {
      for (const q of await queueDigests(ctx, now, options.defaultMode)) emitSafely(ctx, 'notification.queued', q);
      digestDay = day;
    }
  }

  async function verdictOf(row: OutboxRow): Promise<{ skip: SkipReason } | { threads: UnreadThread[] }> {
    if (row.kind === 'test') return { threads: [] };
    const mode = (await modesOf(ctx.database.db, [row.recipient_id], options.defaultMode)).get(row.recipient_id) ?? options.defaultMode;
    const withText = options.includeMessageText;
    if (row.kind === 'digest') return checkDigest(ctx, { recipientId: row.recipient_id, mode, withText });
    const verdict = await checkConversation(ctx, { recipientId: row.recipient_id, threadId: row.thread_id ?? '', mode, withText });
    return verdict.skip ? verdict : { threads: [verdict.thread] };
  }

  async function deliverOne(claimed: OutboxRow, enabled: boolean, result: DeliveryResult): Promise<void> {
    // This row's own lease, from now: long enough for its send (which times out sooner).
    const row = await renewLease(ctx, claimed, new Date(ctx.clock().getTime() + LEASE_MS).toISOString());
    if (!row) return;
    const event = { id: row.id, kind: row.kind, recipientId: row.recipient_id };
    const attempt = Number(row.attempts);
    // Claimed more often than allowed: earlier claims died mid-send (each claim counts).
    if (attempt > options.maxAttempts) {
      if (await settle(ctx, row, { status: 'failed', error: 'gave up: the process stopped during every attempt' })) {
        result.failed += 1;
        emitSafely(ctx, 'notification.failed', { ...event, attempt, final: true });
      }
      return;
    }
    const verdict = enabled ? await verdictOf(row) : { skip: 'disabled' as const };
    if ('skip' in verdict) {
      if (await settle(ctx, row, { status: 'skipped', reason: verdict.skip })) {
        result.skipped += 1;
        emitSafely(ctx, 'notification.skipped', { ...event, reason: verdict.skip });
      }
      return;
    }
    try {
      const notification = await buildNotification(ctx, {
        id: row.id,
        kind: row.kind,
        recipientId: row.recipient_id,
        attempt,
        threads: verdict.threads,
        options,
        links: deps.links,
      });
      await withTimeout(Promise.resolve(options.send(notification)), SEND_TIMEOUT_MS);
    } catch (err) {
      const final = attempt >= options.maxAttempts;
      const error = describe(err);
      const settled = final
        ? await settle(ctx, row, { status: 'failed', error })
        : await settle(ctx, row, { status: 'pending', error, nextAttemptAt: new Date(ctx.clock().getTime() + retryDelayMs(attempt)).toISOString() });
      result.failed += 1;
      if (settled) emitSafely(ctx, 'notification.failed', { ...event, attempt, final });
      ctx.logger.warn({ err, notificationId: row.id, attempt, final }, 'messaging: notifications.send failed');
      return;
    }
    const thread = verdict.threads[0];
    const mark = row.kind === 'conversation' && thread ? { threadId: thread.threadId, messageId: thread.latestMessageId } : undefined;
    // Lost the lease during the send (a stalled process): the row's new holder settles it.
    if (!(await settle(ctx, row, { status: 'sent', ...(mark ? { mark } : {}) }))) return;
    result.sent += 1;
    emitSafely(ctx, 'notification.sent', { ...event, attempt });
  }

  return {
    async deliverDue(runOptions: { limit?: number } = {}): Promise<DeliveryResult> {
      const limit = Math.max(1, Math.min(1000, Math.trunc(runOptions.limit ?? 50)));
      const result: DeliveryResult = { sent: 0, failed: 0, skipped: 0 };
      const now = ctx.now();
      await expand(now);
      const enabled = await deps.isEnabled();
      const claimed = await claimDue(ctx, now, new Date(Date.parse(now) + LEASE_MS).toISOString(), limit);
      // One at a time: a slow host `send` slows this loop only, never a request.
      for (const row of claimed) {
        try {
          await deliverOne(row, enabled, result);
        } catch (err) {
          // The database failed around this row: it stays claimed and is retried after its lease.
          ctx.logger.warn({ err, notificationId: row.id }, 'messaging: a notification could not be settled; retried after its lease');
        }
      }
      return result;
    },
  };
}
