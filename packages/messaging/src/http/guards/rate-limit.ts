import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HttpContext } from '../http-context.js';
import type { LimitCounter, LimitTake } from '../../services/safety/limit-counter.js';
import type { AdminLimitsService } from '../../services/settings/admin-limits.js';
import { viewerId } from './viewer.js';

/**
 * Middleware for the state-changing routes, after the viewer, body and CSRF checks: spends one
 * write attempt of the viewer's budget before the route does anything, and never gives it
 * back, so refused requests (blocked, invalid, not found) count as much as stored ones. After
 * CSRF on purpose: a forged cross-site request must not spend its victim's budget. Read marks
 * are not counted (the page's script sends one for each message it receives live).
 *
 * Counted in the messaging database (one statement, committed on its own, before the route's
 * own transaction): every process and server on the database shares the member's budget. A
 * request refused by this limit stores nothing.
 *
 * One per instance, shared by the main and the member-safety routers, so that every
 * state-changing request (sends, new threads, blocks, unblocks, preferences, reports,
 * archive/mute/leave) spends one budget per member: `rateLimits.writeAttemptsPerMinute`.
 * Open with `rateLimits: false`.
 */
export function createWriteAttemptGuard(ctx: HttpContext, counter: LimitCounter): RequestHandler {
  const options = ctx.rateLimits;
  if (options === false) return (_req, _res, next) => next();
  const limits = [{ name: 'write_attempts', max: options.writeAttemptsPerMinute, windowMs: 60_000 }] as const;
  return function messagingWriteAttempt(_req: Request, res: Response, next: NextFunction) {
    counter.take(viewerId(res), limits).then(() => next(), next);
  };
}

/** One sender limit of the router: what a request spends of it, in the database. */
export interface RateLimiter {
  /** Where the limits are counted (one counter per instance). */
  counter: LimitCounter;
  /** The limits one take spends (none when `rateLimits: false`), at their values now. */
  limits(): LimitTake[];
  /** Brings a changeable limit up to date before a take (see {@link withSlots}); never throws. */
  ready?(): Promise<void>;
}

/** The sender limits of the router, from `ctx.rateLimits`, all counted by one counter. */
export interface SenderLimits {
  /** Every message sent, the first one of a new thread included. */
  messages: RateLimiter;
  /** New threads started (per hour and per day). */
  newThreads: RateLimiter;
}

/** Builds the router's limits over the admin's ones; with `rateLimits: false` they never refuse. */
export function createSenderLimits(ctx: HttpContext, admin: Pick<AdminLimitsService, 'get' | 'current'>, counter: LimitCounter): SenderLimits {
  const options = ctx.rateLimits;
  if (options === false) return { messages: { counter, limits: () => [] }, newThreads: { counter, limits: () => [] } };
  // The admin's limits are read through their short cache before each take, so a change holds
  // on every process within seconds; a failed read keeps the last limits (admin.current()).
  const ready = () =>
    admin.get().then(
      () => undefined,
      () => undefined,
    );
  return {
    messages: { counter, ready, limits: () => [{ name: 'messages', max: admin.current().messagesPerMinute, windowMs: 60_000 }] },
    newThreads: {
      counter,
      ready,
      limits: () => [
        { name: 'new_threads_hour', max: options.newThreadsPerHour, windowMs: 3_600_000 },
        { name: 'new_threads_day', max: admin.current().newThreadsPerDay, windowMs: 86_400_000 },
      ],
    },
  };
}

/**
 * Runs a send holding one slot of each limiter for `key`, all taken in ONE statement before
 * it (atomic on both engines: concurrent requests on any server cannot all pass). The slots
 * are given back (one more statement) when the send throws, and `keep(result)` says per
 * limiter which to keep (default: all; a reused direct thread is no new thread).
 *
 * Not inside the send's transaction, on purpose: the send path keeps its own few round trips
 * (issue 18), and a counter row held until the send commits would queue the member's sends.
 * A process that dies between the take and the give-back costs the member that slot until
 * the window ends; it never grants one more than the limit.
 */
export async function withSlots<T>(
  slots: Array<{ limiter: RateLimiter; key: string }>,
  action: () => Promise<T>,
  keep: (result: T) => boolean[] = () => slots.map(() => true),
): Promise<T> {
  const readying = slots.flatMap((s) => (s.limiter.ready ? [s.limiter.ready()] : []));
  if (readying.length > 0) await Promise.all(readying);
  const [first] = slots;
  if (!first) return action();
  if (slots.some((s) => s.key !== first.key || s.limiter.counter !== first.limiter.counter)) throw new TypeError('withSlots: every slot must be for one member and one counter');
  const perSlot = slots.map((s) => s.limiter.limits());
  // No limit to spend (`rateLimits: false`): nothing to take nor give back.
  if (perSlot.every((limits) => limits.length === 0)) return action();
  const taken = await first.limiter.counter.take(first.key, perSlot.flat());
  let result: T;
  try {
    result = await action();
  } catch (err) {
    // The send's own error is the one to answer; a failed give-back only costs the member a slot.
    await taken.release(perSlot.flat().map((l) => l.name)).catch(() => undefined);
    throw err;
  }
  const kept = keep(result);
  const back = perSlot.flatMap((ls, i) => (kept[i] ? [] : ls.map((l) => l.name)));
  if (back.length > 0) await taken.release(back);
  return result;
}
