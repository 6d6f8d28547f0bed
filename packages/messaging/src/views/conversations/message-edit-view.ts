import type { Message } from '../../services/conversations/types.js';
import type { Translator } from '../i18n/translator.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { html, type SafeHtml } from '../text/escape-html.js';

/** Where the edit and delete pages of a message post, and where they lead back to. */
function hrefs(base: string, message: Message) {
  const id = encodeURIComponent(message.id);
  return {
    thread: `${base}/threads/${encodeURIComponent(message.threadId)}#m-${id}`,
    edit: `${base}/messages/${id}/edit`,
    delete: `${base}/messages/${id}/delete`,
  };
}

/** A time in the member's zone, with the exact instant in `datetime`. */
function timeHtml(iso: string, i18n: Translator): SafeHtml {
  return html`<time datetime="${iso}">${i18n.dateTime(iso)}</time>`;
}

/** What the edit page shows. */
export interface MessageEditInput {
  base: string;
  csrfToken: string;
  message: Message;
  /** Until when the message may be edited; null once the window has closed (no form then). */
  editableUntil: string | null;
  /** The text in the box: as it is, or as typed when the form failed. */
  body: string;
  /** The error, in the member's words: next to the text box, or instead of the form when closed. */
  error?: string;
  maxMessageLength: number;
}

/**
 * The edit form of one's own message (works without JavaScript): the text as it is, or as
 * typed when the form failed, with the error next to it. Past the edit window (`editableUntil`
 * null) it says so and offers no form.
 */
export function renderMessageEdit(kit: ViewKit, input: MessageEditInput): string {
  const { message } = input;
  const { i18n } = kit;
  const links = hrefs(input.base, message);
  const closed = input.editableUntil === null;
  return kit.renderer.render('conversations/message-edit', {
    i18n,
    closed,
    closedMessage: closed ? (input.error ?? i18n.t('messages.editClosed')) : '',
    threadHref: links.thread,
    action: links.edit,
    sentHtml: timeHtml(message.createdAt, i18n),
    untilHtml: timeHtml(input.editableUntil ?? message.createdAt, i18n),
    csrfToken: input.csrfToken,
    body: input.body,
    error: closed ? null : (input.error ?? null),
    maxMessageLength: input.maxMessageLength,
  });
}

/** The confirmation before deleting one's own message (a form post, so it works without JavaScript). */
export function renderMessageDelete(kit: ViewKit, input: { base: string; csrfToken: string; message: Message }): string {
  const links = hrefs(input.base, input.message);
  return kit.renderer.render('conversations/message-delete', {
    i18n: kit.i18n,
    action: links.delete,
    threadHref: links.thread,
    csrfToken: input.csrfToken,
    createdAt: input.message.createdAt,
    body: input.message.body,
  });
}
