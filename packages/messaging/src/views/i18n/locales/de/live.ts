import type { Catalogue } from '../en/index.js';

/** German: live. */
export const live: Catalogue['live'] = {
  deletedUser: 'Gelöschtes Konto',
  formerMember: 'Ein ehemaliges Mitglied',
  report: 'Melden',
  edit: 'Bearbeiten',
  delete: 'Löschen',
  edited: 'bearbeitet',
  messageDeleted: 'Nachricht gelöscht',
  conversation: 'Unterhaltung',
  members: 'Mit {names}',
  membersAdded: '{actor} hat {names} hinzugefügt',
  renamed: '{actor} hat die Unterhaltung in „{subject}“ umbenannt',
  nameRemoved: '{actor} hat den Namen der Unterhaltung entfernt',
  attachments: 'Anhänge',
  sizeBytes: { one: '{count} Byte', other: '{count} Byte' },
  sizeKilobytes: '{size} KB',
  sizeMegabytes: '{size} MB',
  sizeGigabytes: '{size} GB',
  announceMessage: 'Neue Nachricht von {name}',
  announceUnread: { one: '{count} ungelesene Nachricht', other: '{count} ungelesene Nachrichten' },
  announceNoMatch: 'Kein Mitglied gefunden',
  announceFound: { one: '{count} Mitglied gefunden', other: '{count} Mitglieder gefunden' },
  suggestionWrite: 'An {name} schreiben',
  suggestionAdd: '{name} hinzufügen',
};
