import type { Request } from 'express';
import type { HttpContext } from '../http-context.js';
import { isThenable, type MaybePromise } from '../../shared/maybe-promise.js';

/** A per-request answer: as a promise, or (`now`) as the value itself when it is known already. */
export interface OncePerRequest<T> {
  (ctx: HttpContext, req: Request): Promise<T>;
  /** The answer itself when the work answered synchronously, else its promise; asked once either way. */
  now(ctx: HttpContext, req: Request): MaybePromise<T>;
}

type Answer<T> = { known: true; value: T; promise?: Promise<T> } | { known: false; promise: Promise<T> };

/**
 * `work` run at most once per request and instance: the guards, handlers and partials of one
 * request may all ask, and the answer may cost a call to the host (its session store, its
 * user record). A WeakMap (not a property on `req`) keeps the host's request object
 * untouched; one per instance, since two instances in one app may each have their own options.
 * A synchronous throw of `work` is answered as a rejection.
 */
export function oncePerRequest<T>(work: (ctx: HttpContext, req: Request) => MaybePromise<T>): OncePerRequest<T> {
  const answers = new WeakMap<HttpContext, WeakMap<object, Answer<T>>>();
  const answer = (ctx: HttpContext, req: Request): Answer<T> => {
    let ofInstance = answers.get(ctx);
    if (!ofInstance) {
      ofInstance = new WeakMap();
      answers.set(ctx, ofInstance);
    }
    let found = ofInstance.get(req);
    if (!found) {
      let value: MaybePromise<T>;
      try {
        value = work(ctx, req);
      } catch (err) {
        value = Promise.reject(err);
      }
      found = isThenable(value) ? { known: false, promise: Promise.resolve(value) } : { known: true, value };
      ofInstance.set(req, found);
    }
    return found;
  };
  const asPromise = (ctx: HttpContext, req: Request): Promise<T> => {
    const found = answer(ctx, req);
    if (found.known) found.promise ??= Promise.resolve(found.value);
    return found.promise as Promise<T>;
  };
  return Object.assign(asPromise, {
    now(ctx: HttpContext, req: Request): MaybePromise<T> {
      const found = answer(ctx, req);
      return found.known ? found.value : found.promise;
    },
  });
}
