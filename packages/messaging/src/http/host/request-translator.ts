import type { Request } from 'express';
import type { HttpContext } from '../http-context.js';
import { type OncePerRequest, oncePerRequest } from './once-per-request.js';
import { isThenable, type MaybePromise } from '../../shared/maybe-promise.js';
import { LruMap } from '../../shared/lru-map.js';
import { PSEUDO_LOCALE } from '../../views/i18n/pseudo-locale.js';
import type { Translator } from '../../views/i18n/translator.js';

/**
 * The words, numbers and times for the member behind a request, once per request: the locale
 * from the host's `locale(req)`, else the best available for `Accept-Language`, else the
 * default; the zone from `timeZone(req)`, else UTC. A host callback that throws or answers
 * nonsense falls back (logged once per request): a page in the default language beats an error page.
 */
export const translatorFor: OncePerRequest<Translator> = oncePerRequest(resolve);

function ask(ctx: HttpContext, name: 'locale' | 'timeZone', req: Request): MaybePromise<string | undefined> {
  const callback = ctx.options[name];
  if (!callback) return undefined;
  const fallback = (err: unknown) => {
    ctx.logger.warn({ err }, `messaging: the ${name}(req) option threw; using the default`);
    return undefined;
  };
  const clean = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  try {
    const value = callback(req);
    return isThenable(value) ? Promise.resolve(value).then(clean, fallback) : clean(value);
  } catch (err) {
    return fallback(err);
  }
}

function resolve(ctx: HttpContext, req: Request): MaybePromise<Translator> {
  const hostLocale = ask(ctx, 'locale', req);
  const timeZone = ask(ctx, 'timeZone', req);
  if (isThenable(hostLocale) || isThenable(timeZone)) return Promise.all([hostLocale, timeZone]).then(([locale, zone]) => translator(ctx, req, locale, zone));
  return translator(ctx, req, hostLocale, timeZone);
}

function translator(ctx: HttpContext, req: Request, hostLocale: string | undefined, timeZone: string | undefined): Translator {
  const { localization } = ctx;
  const locale = hostLocale && localization.match(hostLocale) ? hostLocale : undefined;
  return localization.translator(locale ?? browserLocale(ctx, req) ?? localization.defaultLocale, timeZone);
}

/** Accept-Language values remembered per instance with the locale each chose; longer ones are parsed every time. */
const CHOICES_KEPT = 200;
const CHOICE_KEY_MAX = 256;
const browserChoices = new WeakMap<HttpContext, LruMap<string, string | null>>();

/**
 * The first language of `Accept-Language` (by q-value) that an available catalogue serves, as
 * the browser named it: 'de-AT' gets German words with Austrian dates, 'pt-PT' the Portuguese
 * shipped (pt-BR). Never the pseudo-locale, which only a host asks for. A browser sends the
 * same header on every page: the choice is remembered by its text, not parsed again.
 */
function browserLocale(ctx: HttpContext, req: Request): string | undefined {
  const header = req.headers['accept-language'] ?? '';
  if (header.length > CHOICE_KEY_MAX) return firstServed(ctx, req);
  let choices = browserChoices.get(ctx);
  if (!choices) {
    choices = new LruMap(CHOICES_KEPT);
    browserChoices.set(ctx, choices);
  }
  let choice = choices.get(header);
  if (choice === undefined) {
    choice = firstServed(ctx, req) ?? null;
    choices.set(header, choice);
  }
  return choice ?? undefined;
}

function firstServed(ctx: HttpContext, req: Request): string | undefined {
  for (const tag of req.acceptsLanguages()) {
    const found = tag === '*' ? undefined : ctx.localization.match(tag);
    if (found && found !== PSEUDO_LOCALE) return tag;
  }
  return undefined;
}
