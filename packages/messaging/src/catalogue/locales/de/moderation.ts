import type { Catalogue } from '../en/index.js';

/** German: moderation. */
export const moderation: Catalogue['moderation'] = {
  adminTitle: 'Direktnachrichten',
  adminLinksLabel: 'Moderation',
  backToSettings: 'Nachrichten-Einstellungen',

  limitsTitle: 'Sendelimits',
  limitsSaved: 'Gespeichert.',
  limitsBlankHint: 'Lass ein Feld leer, um seinen Standardwert zu verwenden.',
  limitMessagesPerMinute: 'Nachrichten pro Minute und Mitglied',
  limitNewThreadsPerDay: 'Neue Unterhaltungen pro Tag und Mitglied',
  limitMaxGroupParticipants: 'Höchstzahl weiterer Mitglieder in einer Gruppenunterhaltung',
  limitDefault: 'Standard: {value}',
  limitsSave: 'Limits speichern',
  limitRangeError: 'Hier muss eine ganze Zahl von {min} bis {max} stehen.',

  reportsTitle: 'Gemeldete Nachrichten',
  doneDismiss: 'Meldung verworfen.',
  doneRemove: 'Nachricht entfernt. In der Unterhaltung steht jetzt „Nachricht von der Moderation entfernt“.',
  doneSuspend: 'Die Person kann keine Nachrichten mehr senden.',
  doneUnsuspend: 'Das Mitglied kann wieder Nachrichten schreiben.',
  noReports: 'Keine offenen Meldungen.',
  moreReports: 'Weitere Meldungen',
  reportHeading: '{reason}: {sender}, gemeldet von {reporter}',
  reportNote: 'Anmerkung von {name}: {note}',
  contextLabel: 'Die gemeldete Nachricht und die Nachrichten davor und danach',
  reportedMarker: 'gemeldet',
  deletedUser: 'Gelöschtes Mitglied',
  asReportedDeleted: '(wie gemeldet; inzwischen vom Absender gelöscht)',
  asReportedEdited: '(wie gemeldet; inzwischen vom Absender bearbeitet)',
  removedByModerator: 'Nachricht von der Moderation entfernt',
  deletedBySender: 'Nachricht gelöscht',
  decisionLabel: 'Entscheidung',
  dismiss: 'Meldung verwerfen',
  removeLink: 'Nachricht entfernen …',
  suspendLink: '{name} für Nachrichten sperren …',
  suspendedHeading: 'Für Nachrichten gesperrte Mitglieder',
  suspendedNobody: 'Niemand.',
  suspendedSince: '{name} (seit {time})',
  unsuspendButton: '{name} wieder schreiben lassen',

  confirmRemoveTitle: 'Diese Nachricht entfernen?',
  confirmRemoveText:
    'Alle in der Unterhaltung sehen an ihrer Stelle „Nachricht von der Moderation entfernt“, und ihr Text wird gelöscht. Das lässt sich nicht rückgängig machen. Alle offenen Meldungen dieser Nachricht werden geschlossen.',
  confirmRemoveButton: 'Nachricht entfernen',
  confirmSuspendTitle: '{name} für Nachrichten sperren?',
  confirmSuspendDocTitle: 'Dieses Mitglied für Nachrichten sperren?',
  confirmSuspendText:
    '{name} kann keine Unterhaltungen mehr beginnen und keine Nachrichten mehr senden, bis eine Administratorin oder ein Administrator die Sperre aufhebt. Die offenen Meldungen der Person werden geschlossen. Ihre früheren Nachrichten bleiben.',
  confirmSuspendButton: '{name} für Nachrichten sperren',
  cancel: 'Abbrechen',
};
