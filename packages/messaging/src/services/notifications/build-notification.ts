import type { MessagingContext } from '../../context.js';
import type { ResolvedNotificationOptions } from '../../notification-options.js';
import type { MessagingNotification, NotificationRecipient, NotificationThread } from '../../notification-types.js';
import type { UnreadThread } from './unread-threads.js';

/** What the builder needs of the unsubscribe links (services/notifications/unsubscribe-token.ts). */
export interface UnsubscribeLinkSource {
  urlFor(userId: string): Promise<string>;
}

/** The name shown for a sender the host no longer knows (as the pages show them). */
const UNKNOWN_SENDER = 'Deleted user';

/**
 * The payload handed to the host's `send`: recipient and senders from one `users.getUsers`
 * call, absolute links from `baseUrl`, the unsubscribe URL and its RFC 8058 headers. Message
 * text only with `includeMessageText`.
 */
export async function buildNotification(
  ctx: MessagingContext,
  input: {
    id: string;
    kind: MessagingNotification['kind'];
    recipientId: string;
    attempt: number;
    threads: UnreadThread[];
    options: ResolvedNotificationOptions;
    links: UnsubscribeLinkSource;
  },
): Promise<MessagingNotification> {
  const { baseUrl, includeMessageText } = input.options;
  const senderIds = [...new Set(input.threads.flatMap((t) => t.senders.map((s) => s.id)))];
  const users = await ctx.users.getUsers([...new Set([input.recipientId, ...senderIds])]);
  const byId = new Map<string, NotificationRecipient>(users.map((u) => [String(u.id), u as NotificationRecipient]));
  const threads: NotificationThread[] = input.threads.map((t) => ({
    threadId: t.threadId,
    subject: t.subject,
    url: `${baseUrl}/threads/${encodeURIComponent(t.threadId)}`,
    unreadCount: t.unreadCount,
    senders: t.senders.map((s) => ({ id: s.id, displayName: byId.get(s.id)?.displayName ?? UNKNOWN_SENDER })),
    ...(includeMessageText ? { latestMessages: t.latestMessages } : {}),
  }));
  const unsubscribe = await input.links.urlFor(input.recipientId);
  return {
    id: input.id,
    kind: input.kind,
    recipientId: input.recipientId,
    recipient: byId.get(input.recipientId) ?? null,
    threads,
    unreadTotal: threads.reduce((sum, t) => sum + t.unreadCount, 0),
    links: { inbox: `${baseUrl}/`, preferences: `${baseUrl}/preferences`, unsubscribe },
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    createdAt: ctx.now(),
    attempt: input.attempt,
  };
}
