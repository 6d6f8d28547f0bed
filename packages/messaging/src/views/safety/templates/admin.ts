import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';

/** Data of `safety/admin`. */
export interface AdminPageData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** The "Direct messaging" switch form (the partials' admin-toggle), already rendered. */
  toggleHtml: SafeHtml;
  /** The reported messages page. */
  reportsHref: string;
  /** The sending limits page. */
  limitsHref: string;
}

/** The admin router's page: the switch, then links to the moderators' pages of the same router. */
export const ADMIN_TEMPLATE = `<section class="messaging messaging-admin" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<h1><%= it.i18n.t('moderation.adminTitle') %></h1>
<%= it.toggleHtml %>

<nav class="m-admin-links" aria-label="<%= it.i18n.t('moderation.adminLinksLabel') %>"><a href="<%= it.reportsHref %>"><%= it.i18n.t('moderation.reportsTitle') %></a> · <a href="<%= it.limitsHref %>"><%= it.i18n.t('moderation.limitsTitle') %></a></nav>
</section>`;
