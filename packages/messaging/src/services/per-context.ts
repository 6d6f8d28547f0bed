import type { MessagingContext } from '../context.js';

/**
 * Makes `make(ctx)` once per instance and hands the same value to every caller (the router,
 * the services, createMessaging), without a global: the value lives as long as its context.
 */
export function perContext<T>(make: (ctx: MessagingContext) => T): (ctx: MessagingContext) => T {
  const made = new WeakMap<MessagingContext, T>();
  return (ctx) => {
    if (!made.has(ctx)) made.set(ctx, make(ctx));
    return made.get(ctx)!;
  };
}
