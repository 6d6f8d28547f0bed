import type { NotificationTemplateData } from '../../../src/views/notifications/templates/index.js';
import { html } from '../../../src/views/text/escape-html.js';

/**
 * Sample data for every notifications template (the mail's HTML part, the unsubscribe pages),
 * every member-typed string (names, subjects, message text, links) the `hostile` argument, for
 * the test that renders every template with it. The mail's sentences hold names (greeting,
 * lines), so they get it too; the settings link's words are the catalogue's.
 */
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
        url: hostile,
        messages: [{ sender: hostile, time: hostile, body: `${hostile}\n${hostile}`, lines: [hostile, hostile] }],
      },
    ],
    more: 2,
    links: { inbox: hostile, preferences: hostile, unsubscribe: hostile },
  }),
  'notifications/unsubscribe-confirm': (hostile) => ({ action: hostile }),
  'notifications/unsubscribe-done': (hostile) => ({ preferencesHref: hostile, settingsLink: html`<a href="${hostile}">messaging settings</a>` }),
};
