import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * `middleware` as it is, noting in `res.locals.sameTick` whether it handed the request on
 * before returning (in the same tick, no wait) or later.
 */
export function notingSameTick(middleware: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let returned = false;
    middleware(req, res, (err?: unknown) => {
      res.locals.sameTick = !returned;
      next(err);
    });
    returned = true;
  };
}
