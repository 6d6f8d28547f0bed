import { Router } from 'express';

declare module 'express-session' {
  interface SessionData {
    /** The language the member chose in the nav; unset: the browser's (Accept-Language). */
    locale?: string;
    /** The member's IANA time zone, sent once by the browser (public/time-zone.js). */
    timeZone?: string;
  }
}

/** The languages @org/messaging ships, by their own names (the nav's switch lists them). */
export const LANGUAGES: ReadonlyArray<{ tag: string; name: string }> = [
  { tag: 'en', name: 'English' },
  { tag: 'de', name: 'Deutsch' },
  { tag: 'fr', name: 'Français' },
  { tag: 'es', name: 'Español' },
  { tag: 'pt-BR', name: 'Português (Brasil)' },
  { tag: 'ar', name: 'العربية' },
];

const TAGS = new Set(LANGUAGES.map((l) => l.tag));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Only a local path: the switch sends the member back to the page they were on, never elsewhere. */
function localPath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

/**
 * POST /language: the nav's switch (`locale`: a shipped tag, or '' for the browser's language)
 * and the browser's time zone (`timeZone`), kept in the session. The messaging package reads them
 * through its `locale(req)` and `timeZone(req)` options (src/app.ts). Either field may come alone:
 * the page script sends the zone once, on its own, with `Accept: application/json` (204).
 */
export function languageRoutes(): Router {
  const router = Router();
  router.post('/language', (req, res, next) => {
    const { locale, timeZone } = (req.body ?? {}) as Record<string, unknown>;
    if (locale !== undefined && locale !== '' && !(typeof locale === 'string' && TAGS.has(locale))) {
      res.status(400).type('text').send('Choose one of the languages in the list.');
      return;
    }
    if (locale === '') delete req.session.locale;
    else if (typeof locale === 'string') req.session.locale = locale;
    if (typeof timeZone === 'string' && isTimeZone(timeZone)) req.session.timeZone = timeZone;
    req.session.save((err) => {
      if (err) return next(err);
      if (req.accepts(['html', 'json']) === 'json') res.status(204).end();
      else res.redirect(303, localPath((req.body as Record<string, unknown>)?.next));
    });
  });
  return router;
}
