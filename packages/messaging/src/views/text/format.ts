import type { Participant, ThreadSummary } from '../../services/conversations/types.js';
import { isolatedText } from './isolate.js';

const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/**
 * A time for people to read, in UTC (the server cannot know the reader's zone; the
 * `<time datetime>` around it carries the exact instant for scripts and assistive tech).
 */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${TIME_FORMAT.format(date)} UTC`;
}

/** The other people in a thread (everyone but the viewer). */
export function othersOf(thread: ThreadSummary, viewerId: string): Participant[] {
  const others = thread.participants.filter((p) => p.id !== viewerId);
  return others.length > 0 ? others : thread.participants;
}

/**
 * What a thread is called in the document title: its subject, else the names of the others,
 * each isolated (Unicode FSI…PDI: a title holds no markup) so bidi controls stay inside.
 */
export function threadTitle(thread: ThreadSummary, viewerId: string): string {
  return (thread.subject ? isolatedText(thread.subject) : namesOf(othersOf(thread, viewerId))) || 'Conversation';
}

/** "Bob", "Bob and Carol", "Bob, Carol and Dave" as plain text, each name isolated. */
function namesOf(people: Participant[]): string {
  const names = people.map((p) => isolatedText(p.displayName));
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

// The one check for links from outside data lives below the layers, for services and http too.
export { safeUrl } from '../../shared/local-path.js';
