import type { Section } from '../../catalogue.js';

/** English: words many pages share. */
export const common = {
  /** A thread with no subject and nobody else left in it. */
  conversation: 'Conversation',
  /** The last item of a list of names when more are left out: "Bob, Carol and 2 others". */
  others: { one: '{count} other', other: '{count} others' },
  /** A time in the member's zone, when the zone's name is not part of the formatted time. */
  timeInZone: '{time} ({zone})',
} satisfies Section;
