import { createHash } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { MESSAGING_CSS } from '../views/assets/messaging-css.js';
import { LIVE_UPDATES_JS } from '../views/assets/live-updates-js.js';
import { MESSAGING_JS } from '../views/assets/messaging-js.js';

interface Asset {
  body: string;
  type: string;
  etag: string;
  /** A short hash of the content: pages link `?v=<version>`, so a new release is fetched anew. */
  version: string;
}

function asset(body: string, type: string): Asset {
  const version = createHash('sha256').update(body).digest('base64url').slice(0, 12);
  return { body, type, etag: `"${version}"`, version };
}

const STYLESHEET = asset(MESSAGING_CSS, 'text/css; charset=utf-8');

const ASSETS = {
  // The main router's pages: auto-scroll, then live updates (docs/live-updates.md).
  pages: {
    'messaging.css': STYLESHEET,
    'messaging.js': asset(`${MESSAGING_JS}\n${LIVE_UPDATES_JS}`, 'text/javascript; charset=utf-8'),
  },
  // The admin pages: same stylesheet; no live updates, since no `/api` sits beside the admin
  // router for the script to find (it takes the API's path from its own URL).
  admin: {
    'messaging.css': STYLESHEET,
    'messaging.js': asset(MESSAGING_JS, 'text/javascript; charset=utf-8'),
  },
} as const;

/** An asset's file name. */
export type AssetName = keyof (typeof ASSETS)['pages'];
/** Which router serves the assets: the main router (`pages`) or the admin router. */
export type AssetSet = keyof typeof ASSETS;

/** The URL of an asset under `base`, versioned by content so it may be cached for a year. */
export function assetHref(base: string, name: AssetName, set: AssetSet = 'pages'): string {
  return `${base}/${name}?v=${ASSETS[set][name].version}`;
}

/**
 * Adds `GET /assets/messaging.css` and `GET /assets/messaging.js` to a router. The files are
 * strings in the bundle; requested with their current `?v=` they may be cached for a year,
 * otherwise they are revalidated by ETag. Each router serves its own copy, so the admin
 * pages are styled while messaging is off and wherever the main router is mounted.
 */
export function addAssetRoutes(router: Router, set: AssetSet = 'pages'): void {
  for (const [name, file] of Object.entries(ASSETS[set])) {
    router.get(`/assets/${name}`, function messagingAsset(req: Request, res: Response) {
      res.setHeader('Content-Type', file.type);
      // Only a link that names this content's version may be cached for good; an unversioned
      // URL (a host's own <script src>) must pick up a new release.
      res.setHeader('Cache-Control', req.query.v === file.version ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
      res.setHeader('ETag', file.etag);
      if (req.get('if-none-match') === file.etag) {
        res.status(304).end();
        return;
      }
      res.send(file.body);
    });
  }
}
