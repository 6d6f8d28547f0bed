import type { Response } from 'express';

/**
 * Sends `body` as compact JSON with `status`. Unlike `res.json` it sets no ETag: every answer of
 * the package's routers is `Cache-Control: no-store`, so no client ever revalidates one, and
 * Express would hash each body for nothing. The host's `json spaces`/`json replacer` settings do
 * not apply: the contract's payloads are the same under any host.
 */
export function sendJson(res: Response, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}
