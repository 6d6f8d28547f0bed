import type { Catalogue } from '../en/index.js';

/** German: mail. */
export const mail: Catalogue['mail'] = {
  subjectConversation: { one: 'Neue Nachricht von {senders}', other: '{count} neue Nachrichten von {senders}' },
  subjectConversationAbout: { one: 'Neue Nachricht von {senders}: {subject}', other: '{count} neue Nachrichten von {senders}: {subject}' },
  subjectDigest: 'Du hast {messages} in {conversations}',
  subjectTest: 'Testbenachrichtigung: E-Mails über Nachrichten kommen an',
  unreadMessages: { one: '{count} ungelesene Nachricht', other: '{count} ungelesene Nachrichten' },
  conversations: { one: '{count} Unterhaltung', other: '{count} Unterhaltungen' },
  greeting: 'Hallo {name},',
  greetingNoName: 'Hallo,',
  introOneConversation: 'Du hast {messages}:',
  intro: 'Du hast {messages} in {conversations}:',
  introTest: 'Dies ist eine Testbenachrichtigung. Wenn du sie lesen kannst, erreichen dich E-Mails über ungelesene Nachrichten.',
  threadLine: '{messages} von {senders}',
  untitledThread: 'Unterhaltung mit {senders}',
  moreThreads: { one: '…und {count} weitere Unterhaltung in deinen Nachrichten.', other: '…und {count} weitere Unterhaltungen in deinen Nachrichten.' },
  openThread: 'Unterhaltung öffnen',
  openInbox: 'Deine Nachrichten öffnen',
  footer: 'Du bekommst diese E-Mail, weil du ungelesene Nachrichten hast. Du kannst ändern, wie oft wir dir schreiben, oder diese E-Mails abbestellen.',
  preferences: 'E-Mail-Einstellungen',
  unsubscribe: 'Abbestellen',
  unsubscribeConfirmTitle: 'Keine E-Mails mehr über Nachrichten?',
  unsubscribeConfirmText:
    'Du bekommst eine E-Mail, wenn Nachrichten ungelesen auf dich warten. Bestelle sie ab, um diese E-Mails zu beenden; deine Nachrichten bleiben, wie sie sind.',
  unsubscribeButton: 'Abbestellen',
  unsubscribeDoneTitle: 'Abbestellt',
  unsubscribeDoneText: 'Du bekommst keine E-Mails über Nachrichten mehr.',
  unsubscribeUndo: 'Doch anders entschieden? Schalte die E-Mails in deinen {link} wieder ein.',
  unsubscribeSettingsLink: 'Nachrichten-Einstellungen',
  unsubscribeInvalid: 'Dieser Abmeldelink ist ungültig. Öffne den Link aus der E-Mail noch einmal oder ändere deine E-Mail-Einstellungen in deinen Nachrichten.',
};
