import type { Section } from '../../catalogue.js';

/**
 * English: the notification mails (`renderNotificationMail`) and the one-click unsubscribe
 * pages. The keys of this section are defined here; every locale has the same ones.
 * `{senders}` and `{name}` are member names (already joined into a list); `{subject}` is a
 * conversation's subject as its members wrote it.
 */
export const mail = {
  /** Subject line of a mail about one conversation without a subject. */
  subjectConversation: { one: 'New message from {senders}', other: '{count} new messages from {senders}' },
  /** Subject line of a mail about one conversation that has a subject (after the colon). */
  subjectConversationAbout: { one: 'New message from {senders}: {subject}', other: '{count} new messages from {senders}: {subject}' },
  /** Subject line of the daily digest: "You have 5 unread messages in 2 conversations". */
  subjectDigest: 'You have {messages} in {conversations}',
  /** Subject line of the test mail an operator sends from the command line. */
  subjectTest: 'Test notification: mail about messages works',
  /** Counted messages, put into other sentences as {messages}. */
  unreadMessages: { one: '{count} unread message', other: '{count} unread messages' },
  /** Counted conversations, put into other sentences as {conversations}. */
  conversations: { one: '{count} conversation', other: '{count} conversations' },
  /** First line of the mail, with the member's name. */
  greeting: 'Hi {name},',
  /** First line of the mail when the member's name is unknown. */
  greetingNoName: 'Hi,',
  /** Above the list, when the unread messages are in one conversation. */
  introOneConversation: 'You have {messages}:',
  /** Above the list of conversations. */
  intro: 'You have {messages} in {conversations}:',
  /** The body of the test mail. */
  introTest: 'This is a test notification. If you can read it, mail about unread messages reaches you.',
  /** Under a conversation's title: "2 unread messages from Bob and Carol". */
  threadLine: '{messages} from {senders}',
  /** A conversation without a subject, named by who wrote. */
  untitledThread: 'Conversation with {senders}',
  /** Under a digest that lists only the first conversations. */
  moreThreads: { one: '…and {count} more conversation in your messages.', other: '…and {count} more conversations in your messages.' },
  /** The button to a conversation. */
  openThread: 'Open the conversation',
  /** The link to the inbox. */
  openInbox: 'Open your messages',
  /** Small print: why the member gets this mail, and how to change it. */
  footer: 'You get this mail because you have unread messages. You can change how often we email you, or stop these mails.',
  /** Footer link to the member's email settings. */
  preferences: 'Email settings',
  /** Footer link that stops these mails. */
  unsubscribe: 'Unsubscribe',
  /** Heading and title of the page the mail's unsubscribe link opens. */
  unsubscribeConfirmTitle: 'Stop mail about messages?',
  unsubscribeConfirmText: 'You get an email when messages wait unread for you. Unsubscribe to stop these mails; your messages stay as they are.',
  /** The button that turns the mails off. */
  unsubscribeButton: 'Unsubscribe',
  /** Heading and title of the page after unsubscribing. */
  unsubscribeDoneTitle: 'Unsubscribed',
  unsubscribeDoneText: 'You will no longer get mail about messages.',
  /** {link} is a link whose text is unsubscribeSettingsLink. */
  unsubscribeUndo: 'Changed your mind? Turn mail on again in your {link}.',
  unsubscribeSettingsLink: 'messaging settings',
  /** The page of an unsubscribe link that is wrong or was changed. */
  unsubscribeInvalid: 'This unsubscribe link is not valid. Open the link from the mail again, or change your email settings in your messages.',
} satisfies Section;
