import type { Section } from '../../catalogue.js';

/**
 * English: the words only the live page script says (src/browser): its screen-reader
 * announcements. What it also shows on the pages ("edited", system lines, the nav link's
 * label…) it takes from the keys the server's pages use (views/partials/live-strings.ts), so a
 * message changed live reads as it does after a reload. The server gives them all to the
 * script in the member's locale (the words script `assets/messaging-words.js` before it); the
 * script has the English built in for host pages without it. Placeholders in braces are names or numbers.
 */
export const live = {
  /** Spoken by screen readers when a message arrives on the open thread. */
  announceMessage: 'New message from {name}',
  /** Spoken by screen readers when the unread count rises. */
  announceUnread: { one: '{count} unread message', other: '{count} unread messages' },
  /** Spoken by screen readers when the recipient search finds nobody. */
  announceNoMatch: 'No member matches',
  /** Spoken by screen readers when the recipient search shows suggestions. */
  announceFound: { one: '{count} member found', other: '{count} members found' },
} satisfies Section;
