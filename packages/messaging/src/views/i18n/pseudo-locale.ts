import type { Catalogue } from '../../catalogue/locales/index.js';
import type { Message } from '../../catalogue/catalogue.js';

/** The pseudo-locale's tag (the one Android and ICU use for accented English). */
export const PSEUDO_LOCALE = 'en-XA';

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((ch, i) => [ch, [...'ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ'][i] as string]),
);

/** "Send" → "⟦Şḗƞḓ⟧": accented, bracketed, placeholders kept. */
function pseudo(text: string): string {
  const accented = text.replace(/\{[a-zA-Z]+\}|[a-zA-Z]/g, (part) => (part.length > 1 ? part : (ACCENTED[part] ?? part)));
  return `⟦${accented}⟧`;
}

function pseudoMessage(message: Message): Message {
  if (typeof message === 'string') return pseudo(message);
  return Object.fromEntries(Object.entries(message).map(([category, text]) => [category, pseudo(text as string)])) as unknown as Message;
}

/**
 * The English catalogue with every message accented and bracketed (`⟦Şḗƞḓ⟧`): a page rendered
 * in it shows at a glance any word that does not come from the catalogue, and where a
 * translation 30% longer would break the layout. For tests and for a host's own checks
 * (`locale: () => 'en-XA'`); never chosen from `Accept-Language`.
 */
export function pseudoCatalogue(en: Catalogue): Catalogue {
  return Object.fromEntries(
    Object.entries(en).map(([section, messages]) => [section, Object.fromEntries(Object.entries(messages).map(([key, message]) => [key, pseudoMessage(message as Message)]))]),
  ) as Catalogue;
}
