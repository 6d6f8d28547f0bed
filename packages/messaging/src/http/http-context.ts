import type { MessagingContext } from '../context.js';
import type { Localization } from '../views/i18n/localization.js';
import type { Renderer } from '../views/rendering/engine.js';

/**
 * What the HTTP layer of one instance shares: the context, plus what pages are made with,
 * built once by createMessaging: the templates (the package's, or the host's `templates`
 * folder), compiled once, and the locales with the host's words.
 */
export interface HttpContext extends MessagingContext {
  readonly renderer: Renderer;
  readonly localization: Localization;
}
