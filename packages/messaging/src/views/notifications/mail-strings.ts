/**
 * Every word of the notification mails, in one place, so that a translation is one object
 * of the same shape (passed as `renderNotificationMail(n, { strings })`). Values are plain
 * text: the renderer escapes them for HTML. Names and subjects arrive already isolated for
 * bidi text, counts as numbers.
 */
export interface NotificationMailStrings {
  /** Subject of a mail about one conversation. */
  conversationSubject(input: { senders: string; unread: number; subject: string | null }): string;
  /** Subject of the daily digest. */
  digestSubject(input: { unread: number; threads: number }): string;
  /** Subject of `messaging notifications send-test`. */
  testSubject: string;
  greeting(name: string | null): string;
  /** The sentence above the list of threads. */
  intro(input: { unread: number; threads: number }): string;
  /** The body of a test mail. */
  testIntro: string;
  /** One thread in the list: "2 unread from Bob and Carol". */
  threadLine(input: { unread: number; senders: string }): string;
  /** A thread without a subject is named by its senders. */
  untitledThread(senders: string): string;
  /** Under a digest that lists only the first threads. */
  moreThreads(n: number): string;
  /** The button / link to a thread. */
  openThread: string;
  openInbox: string;
  /** Why the member gets this mail, and how to change it. */
  footer: string;
  preferences: string;
  unsubscribe: string;
  /** "Bob", "Bob and Carol", "Bob, Carol and 2 others". */
  names(names: string[], others: number): string;
  /** Screen-reader / preview text of a message's time. */
  sentAt(time: string): string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The English mail (the default). */
export const ENGLISH_MAIL_STRINGS: NotificationMailStrings = {
  conversationSubject: ({ senders, unread, subject }) => {
    const what = unread === 1 ? `New message from ${senders}` : `${unread} new messages from ${senders}`;
    return subject ? `${what}: ${subject}` : what;
  },
  digestSubject: ({ unread, threads }) => `You have ${plural(unread, 'unread message', 'unread messages')} in ${plural(threads, 'conversation', 'conversations')}`,
  testSubject: 'Test notification: mail about messages works',
  greeting: (name) => (name ? `Hi ${name},` : 'Hi,'),
  intro: ({ unread, threads }) =>
    threads === 1
      ? `You have ${plural(unread, 'unread message', 'unread messages')}:`
      : `You have ${plural(unread, 'unread message', 'unread messages')} in ${plural(threads, 'conversation', 'conversations')}:`,
  testIntro: 'This is a test notification. If you can read it, mail about unread messages reaches you.',
  threadLine: ({ unread, senders }) => `${plural(unread, 'unread message', 'unread messages')} from ${senders}`,
  untitledThread: (senders) => `Conversation with ${senders}`,
  moreThreads: (n) => `…and ${plural(n, 'more conversation', 'more conversations')} in your messages.`,
  openThread: 'Open the conversation',
  openInbox: 'Open your messages',
  footer: 'You get this mail because you have unread messages. You can change how often we email you, or stop these mails.',
  preferences: 'Email settings',
  unsubscribe: 'Unsubscribe',
  names: (names, others) => {
    if (others > 0) return `${names.join(', ')} and ${plural(others, 'other', 'others')}`;
    return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  },
  sentAt: (time) => time,
};
