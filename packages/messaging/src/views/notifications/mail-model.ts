import type { Translator } from '../i18n/translator.js';
import { isolatedText } from '../text/isolate.js';
import type { NotificationMailStrings } from './mail-strings.js';

/**
 * What the mail renderer reads of a notification: the fields of `MessagingNotification`
 * (services/notifications), so a host may also hand it an object of its own making.
 */
export interface NotificationMailInput {
  kind: 'conversation' | 'digest' | 'test';
  recipient: { displayName: string } | null;
  threads: Array<{
    subject: string | null;
    url: string;
    unreadCount: number;
    senders: Array<{ id?: string; displayName: string }>;
    latestMessages?: Array<{ senderId: string; body: string; sentAt: string }>;
  }>;
  unreadTotal: number;
  links: { inbox: string; preferences: string; unsubscribe: string };
}

/** One thread as the mail shows it: every string already cleaned, names isolated. */
export interface MailThread {
  /** The subject, or "Conversation with …" (names isolated). */
  title: string;
  /** "2 unread messages from Bob and Carol". */
  line: string;
  /** The thread's absolute http(s) link, or null when the notification's was not one. */
  url: string | null;
  /** The newest messages (with `includeMessageText`): the time in the member's zone, the text as lines. */
  messages: Array<{ sender: string; time: string; body: string; lines: string[] }>;
}

/** The mail before markup: the same words for the HTML and the plain-text part. */
export interface MailModel {
  /** The subject line: one line, at most 250 characters. */
  subject: string;
  /** "Hi Bob," ("Hi," without a name). */
  greeting: string;
  /** The sentence above the threads: "You have 3 unread messages in 2 conversations:". */
  intro: string;
  threads: MailThread[];
  /** Threads left out of a long digest. */
  more: number;
  /** Absolute http(s) links only; null for one the notification did not carry as such. */
  links: { inbox: string | null; preferences: string | null; unsubscribe: string | null };
}

/** A digest lists this many threads at most; the inbox has the rest. */
export const MAX_MAIL_THREADS = 20;
const NAMES_SHOWN = 3;
const MAX_NAME = 80;
const MAX_SUBJECT = 120;
const MAX_BODY = 1000;

// C0/C1 controls but tab and newline; bidi embeddings/overrides/isolates (the renderer isolates names itself).
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Member text on one line (a subject header cannot hold a newline), at most `max` characters. */
export function oneLine(value: unknown, max: number): string {
  const text = String(value ?? '')
    .replace(CONTROLS, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** A message body: newlines kept (at most two in a row), controls dropped, shortened. */
function bodyText(value: unknown): string {
  const text = String(value ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const chars = [...text];
  return chars.length > MAX_BODY ? `${chars.slice(0, MAX_BODY - 1).join('')}…` : text;
}

/** Only absolute http(s) links go in a mail (a relative one means nothing in a mail client). */
export function mailUrl(value: unknown): string | null {
  if (typeof value !== 'string' || !/^https?:\/\/[^\s]+$/i.test(value) || /[\u0000-\u001f\u007f]/.test(value)) return null;
  return value;
}

const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

function namesOf(strings: NotificationMailStrings, people: Array<{ displayName: string }>): string {
  const names = people.slice(0, NAMES_SHOWN).map((p) => isolatedText(oneLine(p.displayName, MAX_NAME)));
  return strings.names(names, Math.max(0, people.length - NAMES_SHOWN));
}

function threadOf(strings: NotificationMailStrings, i18n: Translator, thread: NotificationMailInput['threads'][number], senderNames: Map<string, string>): MailThread {
  const senders = namesOf(strings, thread.senders ?? []);
  const subject = oneLine(thread.subject, MAX_SUBJECT);
  return {
    title: subject ? isolatedText(subject) : strings.untitledThread(senders),
    line: strings.threadLine({ unread: count(thread.unreadCount), senders }),
    url: mailUrl(thread.url),
    messages: (thread.latestMessages ?? []).map((m) => {
      const body = bodyText(m.body);
      return { sender: senderNames.get(String(m.senderId)) ?? '', time: strings.sentAt(i18n.dateTime(String(m.sentAt))), body, lines: body.split('\n') };
    }),
  };
}

/** The words of the mail, from the notification and the strings of one language; times in the translator's zone. */
export function mailModel(notification: NotificationMailInput, strings: NotificationMailStrings, i18n: Translator): MailModel {
  const all = notification.kind === 'test' ? [] : (notification.threads ?? []);
  const shown = all.slice(0, MAX_MAIL_THREADS);
  // Latest messages name their sender by id; the thread's senders carry the names.
  const senderNames = new Map<string, string>();
  for (const thread of shown) for (const s of thread.senders ?? []) if (s.id !== undefined) senderNames.set(String(s.id), isolatedText(oneLine(s.displayName, MAX_NAME)));
  const threads = shown.map((t) => threadOf(strings, i18n, t, senderNames));
  const unread = count(notification.unreadTotal) || all.reduce((sum, t) => sum + count(t.unreadCount), 0);
  const name = oneLine(notification.recipient?.displayName, MAX_NAME);
  const first = all[0];
  let subject: string;
  if (notification.kind === 'test') subject = strings.testSubject;
  else if (notification.kind === 'conversation' && first && all.length === 1) {
    subject = strings.conversationSubject({
      senders: namesOf(strings, first.senders ?? []),
      unread: count(first.unreadCount) || unread,
      subject: oneLine(first.subject, MAX_SUBJECT) || null,
    });
  } else subject = strings.digestSubject({ unread, threads: all.length });
  return {
    // Parts are clean already; a translation's words must still keep the header on one line.
    subject: [...subject.replace(/[\r\n\t]+/g, ' ')].slice(0, 250).join('').trim(),
    greeting: strings.greeting(name ? isolatedText(name) : null),
    intro: notification.kind === 'test' ? strings.testIntro : strings.intro({ unread, threads: all.length }),
    threads,
    more: all.length - shown.length,
    links: {
      inbox: mailUrl(notification.links?.inbox),
      preferences: mailUrl(notification.links?.preferences),
      unsubscribe: mailUrl(notification.links?.unsubscribe),
    },
  };
}
