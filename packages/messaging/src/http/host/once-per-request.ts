import type { Request } from 'express';
import type { HttpContext } from '../http-context.js';

/**
 * `work` run at most once per request and instance: the guards, handlers and partials of one
 * request may all ask, and the answer may cost a call to the host (its session store, its
 * user record). A WeakMap (not a property on `req`) keeps the host's request object
 * untouched; one per instance, since two instances in one app may each have their own options.
 */
export function oncePerRequest<T>(work: (ctx: HttpContext, req: Request) => Promise<T>): (ctx: HttpContext, req: Request) => Promise<T> {
  const answers = new WeakMap<HttpContext, WeakMap<object, Promise<T>>>();
  return (ctx, req) => {
    let ofInstance = answers.get(ctx);
    if (!ofInstance) {
      ofInstance = new WeakMap();
      answers.set(ctx, ofInstance);
    }
    let found = ofInstance.get(req);
    if (!found) {
      found = work(ctx, req);
      ofInstance.set(req, found);
    }
    return found;
  };
}
