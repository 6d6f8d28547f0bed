import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { MessagingContext } from '../../context.js';
import { MessagingError } from '../../errors.js';
import type { AdminLimitsService } from '../../services/settings/admin-limits.js';
import { viewerId } from './viewer.js';

/** A slot taken from a limit; give it back when the request turned out not to count. */
export interface RateLimitSlot {
  release(): void;
}

/** One per-key limit: at most `limit` takes per window. */
export interface RateLimiter {
  /** Takes a slot for `key`, or throws 429 `rate_limited` with `details.retryAfter` (seconds). */
  take(key: string): RateLimitSlot;
  /** Brings a changeable limit up to date before `take` (see {@link withSlots}); never throws. */
  ready?(): Promise<void>;
}

const NOOP_SLOT: RateLimitSlot = { release() {} };

/**
 * A fixed-window counter per key, in memory, per instance (never shared between instances
 * or processes: a deployment with N processes allows up to N times the limit). A request
 * takes its slot before it acts, so concurrent requests cannot all slip through, and gives
 * it back when it did not count (it failed, or reused a thread).
 */
export function createFixedWindowLimiter(limit: number | (() => number), windowMs: number, clock: () => Date, ready?: () => Promise<void>): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();

  function sweep(now: number) {
    for (const [key, w] of windows) if (now - w.start >= windowMs) windows.delete(key);
  }

  return {
    ...(ready ? { ready } : {}),
    take(key) {
      const now = clock().getTime();
      if (windows.size > 10_000) sweep(now); // keeps memory bounded under many senders
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      // A function: the limit an admin may change while the process runs (services/settings/admin-limits.ts).
      if (w.count >= (typeof limit === 'function' ? limit() : limit)) {
        const retryAfter = Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
        throw new MessagingError('rate_limited', undefined, { details: { retryAfter } });
      }
      w.count += 1;
      const taken = w;
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (windows.get(key) === taken && taken.count > 0) taken.count -= 1;
        },
      };
    },
  };
}

const OPEN: RateLimiter = { take: () => NOOP_SLOT };

/**
 * Middleware for the state-changing routes, after the viewer, body and CSRF checks: takes one
 * write attempt of the viewer's budget before the route does anything, and never gives it
 * back, so refused requests (blocked, invalid, not found) count as much as stored ones. After
 * CSRF on purpose: a forged cross-site request must not spend its victim's budget. Read marks
 * are not counted (the page's script sends one for each message it receives live).
 *
 * One per instance, shared by the main and the member-safety routers, so that every
 * state-changing request (sends, new threads, blocks, unblocks, preferences, reports,
 * archive/mute/leave) spends one budget per member: `rateLimits.writeAttemptsPerMinute`.
 * Open with `rateLimits: false`.
 */
export function createWriteAttemptGuard(ctx: MessagingContext): RequestHandler {
  const limiter = ctx.rateLimits === false ? OPEN : createFixedWindowLimiter(ctx.rateLimits.writeAttemptsPerMinute, 60_000, ctx.clock);
  return function messagingWriteAttempt(_req: Request, res: Response, next: NextFunction) {
    try {
      limiter.take(viewerId(res));
    } catch (err) {
      return next(err);
    }
    next();
  };
}

/** The sender limits of the router, from `ctx.rateLimits`. */
export interface SenderLimits {
  /** Every message sent, the first one of a new thread included. */
  messages: RateLimiter;
  /** New threads started. */
  newThreads: RateLimiter;
}

/** Builds the router's limits over the admin's ones; with `rateLimits: false` they never refuse. */
export function createSenderLimits(ctx: MessagingContext, admin: Pick<AdminLimitsService, 'get' | 'current'>): SenderLimits {
  const limits = ctx.rateLimits;
  if (limits === false) return { messages: OPEN, newThreads: OPEN };
  // The admin's limits are read through their short cache before each take, so a change holds
  // on every process within seconds; a failed read keeps the last limits (admin.current()).
  const fresh = () =>
    admin.get().then(
      () => undefined,
      () => undefined,
    );
  return {
    messages: createFixedWindowLimiter(() => admin.current().messagesPerMinute, 60_000, ctx.clock, fresh),
    newThreads: bothLimits(
      createFixedWindowLimiter(limits.newThreadsPerHour, 3_600_000, ctx.clock),
      createFixedWindowLimiter(() => admin.current().newThreadsPerDay, 86_400_000, ctx.clock, fresh),
    ),
  };
}

/** One limiter made of two (per hour and per day): a slot of each, or none. */
function bothLimits(first: RateLimiter, second: RateLimiter): RateLimiter {
  return {
    ready: async () => {
      await Promise.all([first.ready?.(), second.ready?.()]);
    },
    take(key) {
      const a = first.take(key);
      let b: RateLimitSlot;
      try {
        b = second.take(key);
      } catch (err) {
        a.release();
        throw err;
      }
      return {
        release: () => {
          a.release();
          b.release();
        },
      };
    },
  };
}

/**
 * Runs `action` holding one slot of each limiter; the slots are given back when it throws,
 * and `keep(result)` says per limiter which slots to keep (default: all).
 */
export async function withSlots<T>(
  slots: Array<{ limiter: RateLimiter; key: string }>,
  action: () => Promise<T>,
  keep: (result: T) => boolean[] = () => slots.map(() => true),
): Promise<T> {
  await Promise.all(slots.map((s) => s.limiter.ready?.()));
  const taken: RateLimitSlot[] = [];
  try {
    // No await between the takes: concurrent requests cannot all pass a check together.
    for (const s of slots) taken.push(s.limiter.take(s.key));
  } catch (err) {
    for (const t of taken) t.release();
    throw err;
  }
  let result: T;
  try {
    result = await action();
  } catch (err) {
    for (const t of taken) t.release();
    throw err;
  }
  const kept = keep(result);
  taken.forEach((t, i) => {
    if (!kept[i]) t.release();
  });
  return result;
}
