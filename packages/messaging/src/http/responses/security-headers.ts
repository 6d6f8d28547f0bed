import type { NextFunction, Request, Response } from 'express';

/**
 * The headers of every answer of the package's routers: `nosniff`, and `no-store` because
 * most answers hold someone's messages (the rest, errors and redirects, are cheap). The
 * versioned assets override the cache header.
 */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  next();
}
