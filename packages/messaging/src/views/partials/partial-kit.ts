import { createLocalization, english, type Localization } from '../i18n/localization.js';
import { defaultRenderer } from '../rendering/engine.js';
import type { ViewKit } from '../rendering/view-kit.js';

let shipped: Localization | undefined;

/**
 * What the exported partial functions (`renderNavLink`, …) render with: they are called
 * without a request or an instance, so the package's own templates and shipped words. English
 * without a `locale`, as before; with one, the nearest shipped locale ('de-AT' → German),
 * English when none fits.
 */
export function partialKit(locale: string | undefined): ViewKit {
  if (locale === undefined) return { renderer: defaultRenderer(), i18n: english() };
  shipped ??= createLocalization({});
  return { renderer: defaultRenderer(), i18n: shipped.translator(locale, 'UTC') };
}
