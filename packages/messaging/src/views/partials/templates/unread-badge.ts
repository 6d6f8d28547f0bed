/**
 * The unread badge inside the nav link: the number alone as its text (the live script reads and
 * sets it), nothing at zero. Data: `UnreadBadgeData` in ./index.ts.
 */
export const UNREAD_BADGE_TEMPLATE = `<% if (it.unreadTotal > 0) { %><span class="messaging-badge" data-messaging-badge><%= it.unreadTotal %></span><% } %>`;
