import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: mail. */
export const mail: Catalogue['mail'] = {
  subjectConversation: { one: 'Nova mensagem de {senders}', many: '{count} novas mensagens de {senders}', other: '{count} novas mensagens de {senders}' },
  subjectConversationAbout: {
    one: 'Nova mensagem de {senders}: {subject}',
    many: '{count} novas mensagens de {senders}: {subject}',
    other: '{count} novas mensagens de {senders}: {subject}',
  },
  subjectDigest: 'Você tem {messages} em {conversations}',
  subjectTest: 'Notificação de teste: os e-mails sobre mensagens estão funcionando',
  unreadMessages: { one: '{count} mensagem não lida', many: '{count} mensagens não lidas', other: '{count} mensagens não lidas' },
  conversations: { one: '{count} conversa', many: '{count} conversas', other: '{count} conversas' },
  greeting: 'Olá, {name},',
  greetingNoName: 'Olá,',
  introOneConversation: 'Você tem {messages}:',
  intro: 'Você tem {messages} em {conversations}:',
  introTest: 'Esta é uma notificação de teste. Se você consegue lê-la, os e-mails sobre mensagens não lidas chegam até você.',
  threadLine: '{messages} de {senders}',
  untitledThread: 'Conversa com {senders}',
  moreThreads: {
    one: '…e mais {count} conversa nas suas mensagens.',
    many: '…e mais {count} conversas nas suas mensagens.',
    other: '…e mais {count} conversas nas suas mensagens.',
  },
  openThread: 'Abrir a conversa',
  openInbox: 'Abrir suas mensagens',
  footer: 'Você recebe este e-mail porque tem mensagens não lidas. Você pode mudar a frequência com que escrevemos ou parar de receber estes e-mails.',
  preferences: 'Configurações de e-mail',
  unsubscribe: 'Cancelar inscrição',
  unsubscribeConfirmTitle: 'Parar de receber e-mails sobre mensagens?',
  unsubscribeConfirmText:
    'Você recebe um e-mail quando há mensagens não lidas esperando por você. Cancele a inscrição para parar esses e-mails; suas mensagens continuam como estão.',
  unsubscribeButton: 'Cancelar inscrição',
  unsubscribeDoneTitle: 'Inscrição cancelada',
  unsubscribeDoneText: 'Você não vai mais receber e-mails sobre mensagens.',
  unsubscribeUndo: 'Mudou de ideia? Ative os e-mails de novo nas suas {link}.',
  unsubscribeSettingsLink: 'configurações de mensagens',
  unsubscribeInvalid: 'Este link para cancelar a inscrição não é válido. Abra o link do e-mail de novo ou altere suas configurações de e-mail nas suas mensagens.',
};
