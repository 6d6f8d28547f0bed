/**
 * The Block (or Unblock) link on another member's profile, to the router's confirmation
 * page. Data: `BlockButtonData` in ./index.ts.
 */
export const BLOCK_BUTTON_TEMPLATE = `<a href="<%= it.href %>" class="messaging-block-button" data-messaging-block-button="<%= it.blocked ? 'blocked' : 'not-blocked' %>"><%= it.i18n.t(it.blocked ? 'partials.unblockButton' : 'partials.blockButton') %></a>`;
