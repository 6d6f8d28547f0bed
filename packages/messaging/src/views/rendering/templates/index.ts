import type { SafeHtml } from '../../text/escape-html.js';
import type { Translator } from '../../i18n/translator.js';
import { ERROR_TEMPLATE } from './error.js';
import { LAYOUT_TEMPLATE } from './layout.js';

/** The rendering templates, by name (a host overrides `<templates>/rendering/<name>.eta`). */
export const RENDERING_TEMPLATES = {
  'rendering/layout': LAYOUT_TEMPLATE,
  'rendering/error': ERROR_TEMPLATE,
} as const;

/**
 * The member's words, as every template gets them (`TemplateBase` of rendering/view-kit.ts,
 * spelt out here: view-kit reaches the registry, which imports this file, and a cycle would follow).
 */
interface TemplateI18n {
  i18n: Translator;
}

/** The default layout's data: a whole document around a page of the package. */
export interface LayoutData extends TemplateI18n {
  /** The document title, plain text (it may hold a member's subject). */
  title: string;
  /** The page's markup, already escaped. */
  body: SafeHtml;
  stylesheetHref: string;
  /** The package's script, or null for a page a signed-out visitor sees. */
  scriptHref: string | null;
  /** The member's words for the script (`<mount>/assets/messaging-words.js?l=&tz=&v=`), loaded before it; null without the script. */
  wordsHref?: string | null | undefined;
  /** The live script's words as JSON (views/partials/live-strings.ts): only for a layout that still puts them on the script's tag (`data-messaging-strings`); prefer `wordsHref`. */
  scriptStrings?: string | null | undefined;
}

/** The error page's data. */
export interface ErrorPageData extends TemplateI18n {
  /** The heading for the status ("Not found"), also the document title. */
  title: string;
  /** What went wrong, in the member's words. */
  message: string;
  /** The inbox, or null where there is none to go back to (signed out, messaging off, admin pages). */
  inboxHref: string | null;
}

/** What each of them is rendered with. */
export interface RenderingTemplateData {
  'rendering/layout': LayoutData;
  'rendering/error': ErrorPageData;
}
