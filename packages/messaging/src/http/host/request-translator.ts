import type { Request } from 'express';
import type { HttpContext } from '../http-context.js';
import { oncePerRequest } from './once-per-request.js';
import { PSEUDO_LOCALE } from '../../views/i18n/pseudo-locale.js';
import type { Translator } from '../../views/i18n/translator.js';

/**
 * The words, numbers and times for the member behind a request, once per request: the locale
 * from the host's `locale(req)`, else the best available for `Accept-Language`, else the
 * default; the zone from `timeZone(req)`, else UTC. A host callback that throws or answers
 * nonsense falls back (logged once per request): a page in the default language beats an error page.
 */
export const translatorFor: (ctx: HttpContext, req: Request) => Promise<Translator> = oncePerRequest(resolve);

async function ask(ctx: HttpContext, name: 'locale' | 'timeZone', req: Request): Promise<string | undefined> {
  const callback = ctx.options[name];
  if (!callback) return undefined;
  try {
    const value = await callback(req);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  } catch (err) {
    ctx.logger.warn({ err }, `messaging: the ${name}(req) option threw; using the default`);
    return undefined;
  }
}

async function resolve(ctx: HttpContext, req: Request): Promise<Translator> {
  const { localization } = ctx;
  const [hostLocale, timeZone] = await Promise.all([ask(ctx, 'locale', req), ask(ctx, 'timeZone', req)]);
  const locale = hostLocale && localization.match(hostLocale) ? hostLocale : undefined;
  return localization.translator(locale ?? browserLocale(ctx, req) ?? localization.defaultLocale, timeZone);
}

/**
 * The first language of `Accept-Language` (by q-value) that an available catalogue serves, as
 * the browser named it: 'de-AT' gets German words with Austrian dates, 'pt-PT' the Portuguese
 * shipped (pt-BR). Never the pseudo-locale, which only a host asks for.
 */
function browserLocale(ctx: HttpContext, req: Request): string | undefined {
  for (const tag of req.acceptsLanguages()) {
    const found = tag === '*' ? undefined : ctx.localization.match(tag);
    if (found && found !== PSEUDO_LOCALE) return tag;
  }
  return undefined;
}
