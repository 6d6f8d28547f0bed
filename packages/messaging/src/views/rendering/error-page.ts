import { ERROR_CODES, type ErrorCode } from '../../errors.js';
import type { MessageKey } from '../i18n/translator.js';
import { SafeHtml } from '../text/escape-html.js';
import type { ViewKit } from './view-kit.js';

const HEADINGS: Record<number, MessageKey> = {
  400: 'errors.heading400',
  401: 'errors.heading401',
  403: 'errors.heading403',
  404: 'errors.heading404',
  413: 'errors.heading413',
  415: 'errors.heading415',
  429: 'errors.heading429',
};

/** What the error page says: the code's message in the member's words, or a more precise one. */
export interface ErrorPageInput {
  status: number;
  code: ErrorCode;
  /** The error's English message (the JSON API's): tells the code's own from a service's more precise one. */
  message: string;
  /** Instead of the code's message (the unsubscribe page's "this link is not valid"). */
  messageKey?: MessageKey | undefined;
  inboxHref: string | null;
}

/**
 * Title and body of the page shown for an error on an HTML route (template `rendering/error`).
 * The page shows the translated message of the code, never the English one a service may have
 * given (the JSON API keeps that, as the contract says).
 */
export function errorPage(kit: ViewKit, error: ErrorPageInput): { title: string; body: SafeHtml } {
  const title = kit.i18n.t(HEADINGS[error.status] ?? 'errors.headingOther');
  // The same words for an unknown thread and one the viewer is not in, as the contract asks
  // (a not_found with words of its own, such as an unknown member, keeps the plain "Not found").
  const thread = error.code === 'not_found' && error.message === ERROR_CODES.not_found.message;
  const key: MessageKey = error.messageKey ?? (thread ? 'errors.notFoundConversation' : `errors.${error.code}`);
  const body = kit.renderer.render('rendering/error', { i18n: kit.i18n, title, message: kit.i18n.t(key), inboxHref: error.inboxHref });
  return { title, body: new SafeHtml(body) };
}
