import { createHash } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { MESSAGING_CSS } from '../../views/assets/messaging-css.js';
import { ADMIN_JS, PAGES_JS } from '../../views/assets/scripts.js';

/** A file served from memory under a content version (the stylesheet, the scripts, the live words). */
export interface Asset {
  body: string;
  type: string;
  etag: string;
  /** A short hash of the content: pages link `?v=<version>`, so a new release is fetched anew. */
  version: string;
}

/** A short hash of a text: an asset's version and ETag, the same on every server for the same content. */
export const contentHash = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 12);

const FILES = {
  'messaging.css': { type: 'text/css; charset=utf-8', pages: MESSAGING_CSS, admin: MESSAGING_CSS },
  // Compiled from src/browser by the package build: the main router's pages get live updates,
  // the admin pages only auto-scroll (views/assets/scripts.ts).
  'messaging.js': { type: 'text/javascript; charset=utf-8', pages: PAGES_JS, admin: ADMIN_JS },
} as const;

/** An asset's file name. */
export type AssetName = keyof typeof FILES;
/** Whose copy: the main router's (`pages`) or the admin router's. */
export type AssetSet = 'pages' | 'admin';

// One version per file name over both copies: a page links `<req.baseUrl>/assets/<name>?v=`
// without knowing which router's copy it gets (an admin router's error page included).
function assetsOf(set: AssetSet): Record<AssetName, Asset> {
  const entries = Object.entries(FILES).map(([name, file]) => {
    const body = file[set];
    return [name, { body, type: file.type, etag: `"${contentHash(body)}"`, version: contentHash(`${file.pages}\0${file.admin}`) }];
  });
  return Object.fromEntries(entries) as Record<AssetName, Asset>;
}

const ASSETS: Record<AssetSet, Record<AssetName, Asset>> = { pages: assetsOf('pages'), admin: assetsOf('admin') };

/** The URL of an asset under `base`, versioned by content so it may be cached for a year. */
export function assetHref(base: string, name: AssetName): string {
  return `${base}/${name}?v=${ASSETS.pages[name].version}`;
}

/**
 * Adds `GET /assets/messaging.css` and `GET /assets/messaging.js` to a router. The files are
 * strings in the bundle (the script compiled from src/browser); requested with their current
 * `?v=` they may be cached for a year, otherwise they are revalidated by ETag. Each router
 * serves its own copy, so the admin pages are styled while messaging is off and wherever the
 * main router is mounted.
 */
export function addAssetRoutes(router: Router, set: AssetSet = 'pages'): void {
  for (const [name, file] of Object.entries(ASSETS[set])) {
    router.get(`/assets/${name}`, function messagingAsset(req: Request, res: Response) {
      sendAsset(req, res, file);
    });
  }
}

/**
 * Sends an asset: requested with its current `?v=` it may be cached for a year; otherwise (an
 * unversioned URL such as a host's own `<script src>`, or an older version) it is revalidated
 * by ETag, so a new release is picked up.
 */
export function sendAsset(req: Request, res: Response, file: Asset): void {
  res.setHeader('Content-Type', file.type);
  res.setHeader('Cache-Control', req.query.v === file.version ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
  res.setHeader('ETag', file.etag);
  if (req.get('if-none-match') === file.etag) {
    res.status(304).end();
    return;
  }
  res.send(file.body);
}
