import type { Translator } from '../i18n/translator.js';

/**
 * Every word of the notification mails as one object: what `renderNotificationMail(n, {
 * strings })` takes from a host that words the mail itself (a language the package does not
 * ship, say). The package's own words are the catalogue's section `mail`, in every shipped
 * locale; {@link catalogueMailStrings} reads them into this shape. Values are plain text: the
 * renderer escapes them for HTML. Names and subjects arrive already isolated for bidi text,
 * counts as numbers.
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
  /** A message's time, already formatted for the member's locale and zone. */
  sentAt(time: string): string;
}

/** The mail's words from the catalogue (section `mail`), in the translator's locale. */
export function catalogueMailStrings(i18n: Translator): NotificationMailStrings {
  const messages = (count: number) => i18n.t('mail.unreadMessages', { count });
  const conversations = (count: number) => i18n.t('mail.conversations', { count });
  return {
    conversationSubject: ({ senders, unread, subject }) =>
      subject ? i18n.t('mail.subjectConversationAbout', { count: unread, senders, subject }) : i18n.t('mail.subjectConversation', { count: unread, senders }),
    digestSubject: ({ unread, threads }) => i18n.t('mail.subjectDigest', { messages: messages(unread), conversations: conversations(threads) }),
    testSubject: i18n.t('mail.subjectTest'),
    greeting: (name) => (name ? i18n.t('mail.greeting', { name }) : i18n.t('mail.greetingNoName')),
    intro: ({ unread, threads }) =>
      threads === 1
        ? i18n.t('mail.introOneConversation', { messages: messages(unread) })
        : i18n.t('mail.intro', { messages: messages(unread), conversations: conversations(threads) }),
    testIntro: i18n.t('mail.introTest'),
    threadLine: ({ unread, senders }) => i18n.t('mail.threadLine', { messages: messages(unread), senders }),
    untitledThread: (senders) => i18n.t('mail.untitledThread', { senders }),
    moreThreads: (count) => i18n.t('mail.moreThreads', { count }),
    openThread: i18n.t('mail.openThread'),
    openInbox: i18n.t('mail.openInbox'),
    footer: i18n.t('mail.footer'),
    preferences: i18n.t('mail.preferences'),
    unsubscribe: i18n.t('mail.unsubscribe'),
    names: (names, others) => i18n.list(others > 0 ? [...names, i18n.t('common.others', { count: others })] : names),
    sentAt: (time) => time,
  };
}

/**
 * The translator a mail's template reads its labels from: the host's own `strings` where it
 * gave them (the labels the template prints itself), the catalogue for everything else.
 */
export function mailTranslator(i18n: Translator, strings: NotificationMailStrings): Translator {
  const labels: Partial<Record<string, (count: number) => string>> = {
    'mail.subjectTest': () => strings.testSubject,
    'mail.introTest': () => strings.testIntro,
    'mail.openThread': () => strings.openThread,
    'mail.openInbox': () => strings.openInbox,
    'mail.footer': () => strings.footer,
    'mail.preferences': () => strings.preferences,
    'mail.unsubscribe': () => strings.unsubscribe,
    'mail.moreThreads': (count) => strings.moreThreads(count),
  };
  return {
    ...i18n,
    t(key, params) {
      const label = labels[key];
      return label ? label(Number(params?.count ?? 0)) : i18n.t(key, params);
    },
  };
}
