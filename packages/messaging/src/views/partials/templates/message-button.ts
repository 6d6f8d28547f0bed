/**
 * The Message button on another member's profile: a link to the compose form with the
 * recipient (and the context) filled in. `it.label` is the host's own text, or null for the
 * catalogue's. Data: `MessageButtonData` in ./index.ts.
 */
export const MESSAGE_BUTTON_TEMPLATE = `<a href="<%= it.href %>" class="messaging-button" role="button" data-messaging-button><%= it.label ?? it.i18n.t('partials.messageButton') %></a>`;
