import type { Catalogue } from '../en/index.js';

/** French: mail. */
export const mail: Catalogue['mail'] = {
  subjectConversation: { one: 'Nouveau message de {senders}', many: '{count} nouveaux messages de {senders}', other: '{count} nouveaux messages de {senders}' },
  subjectConversationAbout: {
    one: 'Nouveau message de {senders} : {subject}',
    many: '{count} nouveaux messages de {senders} : {subject}',
    other: '{count} nouveaux messages de {senders} : {subject}',
  },
  subjectDigest: 'Vous avez {messages} dans {conversations}',
  subjectTest: 'Notification de test : les e-mails sur vos messages fonctionnent',
  unreadMessages: { one: '{count} message non lu', many: '{count} messages non lus', other: '{count} messages non lus' },
  conversations: { one: '{count} conversation', many: '{count} conversations', other: '{count} conversations' },
  greeting: 'Bonjour {name},',
  greetingNoName: 'Bonjour,',
  introOneConversation: 'Vous avez {messages} :',
  intro: 'Vous avez {messages} dans {conversations} :',
  introTest: 'Ceci est une notification de test. Si vous pouvez la lire, les e-mails sur les messages non lus vous parviennent.',
  threadLine: '{messages} de {senders}',
  untitledThread: 'Conversation avec {senders}',
  moreThreads: {
    one: '…et {count} autre conversation dans vos messages.',
    many: '…et {count} autres conversations dans vos messages.',
    other: '…et {count} autres conversations dans vos messages.',
  },
  openThread: 'Ouvrir la conversation',
  openInbox: 'Ouvrir vos messages',
  footer: 'Vous recevez cet e-mail parce que vous avez des messages non lus. Vous pouvez choisir à quelle fréquence nous vous écrivons, ou arrêter ces e-mails.',
  preferences: 'Paramètres des e-mails',
  unsubscribe: 'Se désabonner',
  unsubscribeConfirmTitle: 'Ne plus recevoir d’e-mails sur vos messages ?',
  unsubscribeConfirmText:
    'Vous recevez un e-mail quand des messages vous attendent sans avoir été lus. Désabonnez-vous pour arrêter ces e-mails ; vos messages restent tels quels.',
  unsubscribeButton: 'Se désabonner',
  unsubscribeDoneTitle: 'Désabonnement effectué',
  unsubscribeDoneText: 'Vous ne recevrez plus d’e-mails sur vos messages.',
  unsubscribeUndo: 'Vous avez changé d’avis ? Réactivez les e-mails dans vos {link}.',
  unsubscribeSettingsLink: 'paramètres de messagerie',
  unsubscribeInvalid: 'Ce lien de désabonnement n’est pas valide. Ouvrez à nouveau le lien de l’e-mail, ou modifiez vos paramètres d’e-mail dans vos messages.',
};
