import type { Section } from '../../catalogue.js';

/** English: the pieces a host prints on its own pages (nav link, buttons, admin switch). */
export const partials = {
  /** The nav link to the inbox (a host's `navLabel` replaces it). */
  navLinkLabel: 'Messages',
  /** The nav link's label for screen readers while there are unread messages; {label} is the link's text. The live script uses it too. */
  navLinkUnread: { one: '{label}, {count} unread message', other: '{label}, {count} unread messages' },
  /** The button on another member's profile that opens the compose form (a host's `buttonLabel` replaces it). */
  messageButton: 'Message',
  /** The link on another member's profile to the page that blocks them. */
  blockButton: 'Block',
  /** The same link once the viewer has blocked them. */
  unblockButton: 'Unblock',
  /** The admin switch's heading. */
  adminToggleLegend: 'Direct messaging',
  /** The admin switch's state; {state} is the word "on" or "off" below, shown in bold. */
  adminToggleStatus: 'Direct messaging is {state}.',
  /** The state word while messaging is on. */
  adminToggleOn: 'on',
  /** The state word while messaging is off. */
  adminToggleOff: 'off',
  adminToggleOnHint: 'Members can message each other.',
  adminToggleOffHint: 'Members see no messaging links; existing messages are kept.',
  /** The admin switch's button while messaging is off. */
  adminToggleTurnOn: 'Turn direct messaging on',
  /** The admin switch's button while messaging is on. */
  adminToggleTurnOff: 'Turn direct messaging off',
} satisfies Section;
