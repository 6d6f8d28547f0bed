import type { NotificationTemplateData } from '../../../src/views/notifications/templates/index.js';
import { html } from '../../../src/views/text/escape-html.js';

/**
 * Sample data for every notifications template (the mail's HTML part, the unsubscribe pages),
 * every member-typed string (names, subjects, message text, links) the `hostile` argument, for
 * the test that renders every template with it. The mail's sentences hold names (greeting,
 * lines), so they get it too; the settings link's words are the catalogue's.
 */
/** A mail's link as the notification carries it (absolute http(s), checked by mailUrl), the member's text in it encoded. */
const mailLink = (hostile: string) => `https://example.com/messages/${encodeURIComponent(hostile)}`;
/** A page's link as the views make one: a local path with the text encoded. */
const link = (hostile: string) => `/messages/${encodeURIComponent(hostile)}`;

type Sample<N extends keyof NotificationTemplateData> = (hostile: string) => Omit<NotificationTemplateData[N], 'i18n'>;

export const samples: { [N in keyof NotificationTemplateData]: Sample<N> } = {
  'notifications/mail': (hostile) => ({
    subject: hostile,
    greeting: hostile,
    intro: hostile,
    threads: [
      {
        title: hostile,
        line: hostile,
        url: mailLink(hostile),
        messages: [{ sender: hostile, time: hostile, body: `${hostile}\n${hostile}`, lines: [hostile, hostile] }],
      },
    ],
    more: 2,
    links: { inbox: mailLink(hostile), preferences: mailLink(hostile), unsubscribe: mailLink(hostile) },
  }),
  'notifications/unsubscribe-confirm': (hostile) => ({ action: link(hostile) }),
  'notifications/unsubscribe-done': (hostile) => ({ preferencesHref: link(hostile), settingsLink: html`<a href="${link(hostile)}">messaging settings</a>` }),
};
