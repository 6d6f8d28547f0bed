import { fileURLToPath } from 'node:url';
import type { Response } from 'express';
import { Eta } from 'eta';

const eta = new Eta({ views: fileURLToPath(new URL('./views', import.meta.url)), cache: process.env.NODE_ENV === 'production' });

/**
 * Keeps each compiled template (true, the default under NODE_ENV=production) or reads and
 * compiles it on every page (false, the default otherwise: an edit shows on reload). One
 * setting for the whole process: the app's views are one set of files.
 */
export function cacheTemplates(on: boolean): void {
  eta.configure({ cache: on });
  if (!on) eta.templatesSync.reset();
}

/**
 * Wraps a page body in the one layout of the app. The messaging package's pages come
 * through here too (its `layout` option), so they get the same nav; they pass the member's
 * language and direction (`lang`, `dir`) for `<html>`. The app's own pages are English.
 */
export function renderLayout(res: Response, title: string, body: string, language: { lang: string; dir: 'ltr' | 'rtl' } = { lang: 'en', dir: 'ltr' }): string {
  return eta.render('./layout', { ...res.locals, ...language, title, body });
}

/** Renders a view of the app inside the layout and sends it. */
export function renderPage(res: Response, view: string, title: string, data: Record<string, unknown> = {}, status = 200): void {
  const body = eta.render(`./${view}`, { ...res.locals, ...data });
  res
    .status(status)
    .type('html')
    .send(renderLayout(res, title, body));
}
