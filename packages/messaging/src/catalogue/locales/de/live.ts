import type { Catalogue } from '../en/index.js';

/** German: live. */
export const live: Catalogue['live'] = {
  announceMessage: 'Neue Nachricht von {name}',
  announceUnread: { one: '{count} ungelesene Nachricht', other: '{count} ungelesene Nachrichten' },
  announceNoMatch: 'Kein Mitglied gefunden',
  announceFound: { one: '{count} Mitglied gefunden', other: '{count} Mitglieder gefunden' },
};
