import type { ConversationContext, UserId } from '../../options.js';
import { checkContext } from '../../services/conversations/conversation-context.js';
import { SafeHtml } from '../text/escape-html.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { checkedUrl, DEFAULT_INBOX_URL, profileTarget } from './host-partial-inputs.js';
import { partialKit } from './partial-kit.js';

/** Input of {@link renderMessageButton}. */
export interface MessageButtonInput {
  /** The member whose profile this is; no button without one. */
  profileUserId: UserId | null | undefined;
  /** The signed-in member: no button on their own profile. */
  viewerId?: UserId | null | undefined;
  /** Where `messaging.router` is mounted. @default '/messages' */
  inboxUrl?: string | undefined;
  /** Text of the button (escaped); it wins over the locale's word. @default the locale's 'Message' */
  label?: string | undefined;
  /** The member's language, a BCP 47 tag ('de', 'pt-BR'): the nearest shipped locale, English when none fits. @default 'en' */
  locale?: string | undefined;
  /**
   * What the conversation is about (`{ type, id }`, e.g. a listing): the compose form carries it
   * and the pair gets one thread per context. @default undefined (the pair's one thread without a context)
   */
  context?: ConversationContext | null | undefined;
}

/**
 * The "Message" button on a member's profile (template `partials/message-button`): a link to
 * the compose form, recipient (and the context, when given) filled in.
 * @throws TypeError when `context` is not a valid `{ type, id }` (see `checkContext`).
 */
export function messageButtonHtml(
  kit: ViewKit,
  input: { inboxUrl: string; profileUserId: string; label?: string | undefined; context?: ConversationContext | null | undefined },
): SafeHtml {
  let href = `${input.inboxUrl.replace(/\/+$/, '')}/new?to=${encodeURIComponent(input.profileUserId)}`;
  if (input.context) {
    let context: ConversationContext;
    try {
      context = checkContext(input.context)!;
    } catch (err) {
      throw new TypeError(
        `messageButton: context must be { type, id }, short strings without control characters (${(err as Error & { details?: unknown }).details ? JSON.stringify((err as { details?: unknown }).details) : (err as Error).message}).`,
      );
    }
    href += `&contextType=${encodeURIComponent(context.type)}&contextId=${encodeURIComponent(context.id)}`;
  }
  return new SafeHtml(kit.renderer.render('partials/message-button', { i18n: kit.i18n, href, label: input.label ?? null }));
}

/**
 * The Message button for a member's profile, as `res.locals.messaging.messageButton(id)` gives
 * it; '' without a member or on the viewer's own profile. Unlike the locals, it does not know
 * blocks or whether messaging is on: leave it out yourself when that member blocked the viewer
 * (the compose form refuses the message anyway).
 * @throws TypeError when `inboxUrl` is neither a local path nor an http(s) URL.
 */
export function renderMessageButton(input: MessageButtonInput): string {
  const profileUserId = profileTarget(input.profileUserId, input.viewerId);
  if (profileUserId === null) return '';
  const inboxUrl = checkedUrl(input.inboxUrl, DEFAULT_INBOX_URL, 'inboxUrl', 'renderMessageButton');
  return messageButtonHtml(partialKit(input.locale), { inboxUrl, profileUserId, label: input.label, context: input.context }).html;
}
