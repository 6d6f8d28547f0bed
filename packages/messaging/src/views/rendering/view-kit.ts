import type { Translator } from '../i18n/translator.js';
import type { Renderer } from './engine.js';

/**
 * What every view renders with: the instance's templates and the member's words and times.
 * The HTTP layer builds one per request (`viewKit(ctx, req)`) and passes it first.
 */
export interface ViewKit {
  readonly renderer: Renderer;
  readonly i18n: Translator;
}

/** The data every template gets besides its own: `it.i18n.t('section.key')`, `it.i18n.dateTime(iso)`. */
export interface TemplateBase {
  i18n: Translator;
}
