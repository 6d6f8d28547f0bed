import type { PartialTemplateData } from '../../../src/views/partials/templates/index.js';

/**
 * Sample data for every partials template, every member- or host-typed string (urls, labels,
 * the CSRF token) the `hostile` argument, for the test that renders every template with it.
 */
type Sample<N extends keyof PartialTemplateData> = (hostile: string) => Omit<PartialTemplateData[N], 'i18n'>;

export const samples: { [N in keyof PartialTemplateData]: Sample<N> } = {
  'partials/nav-link': (hostile) => ({ href: hostile, label: hostile, unreadTotal: 3 }),
  'partials/unread-badge': () => ({ unreadTotal: 3 }),
  'partials/message-button': (hostile) => ({ href: hostile, label: hostile }),
  'partials/block-button': (hostile) => ({ href: hostile, blocked: true }),
  'partials/admin-toggle': (hostile) => ({ enabled: true, action: hostile, csrfToken: hostile }),
};
