import type { Section } from '../../catalogue.js';

/**
 * English: the live page script's words (src/browser). The server gives them to the script in
 * the member's locale (the script tag's `data-messaging-strings`); the script has this English
 * built in for host pages without it. Placeholders in braces are names or numbers.
 */
export const live = {
  /** The sender of a message whose account is gone. */
  deletedUser: 'Deleted user',
  /** A name in a system line whose member is gone. */
  formerMember: 'A former member',
  /** The link under someone else's message to report it. */
  report: 'Report',
  /** The link under one's own message to change it. */
  edit: 'Edit',
  /** The link under one's own message to delete it. */
  delete: 'Delete',
  /** The mark under a message its sender changed. */
  edited: 'edited',
  /** In place of a message its sender deleted. */
  messageDeleted: 'Message deleted',
  /** The title of a thread with no subject and nobody else left in it. */
  conversation: 'Conversation',
  /** The line under a thread's title; {names} are the other members. */
  members: 'With {names}',
  /** A system line in a group; {actor} and {names} are members' names. */
  membersAdded: '{actor} added {names}',
  /** A system line in a group; {subject} is the new name. */
  renamed: '{actor} renamed the conversation to “{subject}”',
  /** A system line in a group whose name was cleared. */
  nameRemoved: "{actor} removed the conversation's name",
  /** The label of a message's list of files. */
  attachments: 'Attachments',
  /** A file's size under 1 KB. */
  sizeBytes: { one: '{count} byte', other: '{count} bytes' },
  /** A file's size in kilobytes (1024 bytes); {size} is a number like 12.3. */
  sizeKilobytes: '{size} KB',
  sizeMegabytes: '{size} MB',
  sizeGigabytes: '{size} GB',
  /** Spoken by screen readers when a message arrives on the open thread. */
  announceMessage: 'New message from {name}',
  /** Spoken by screen readers when the unread count rises. */
  announceUnread: { one: '{count} unread message', other: '{count} unread messages' },
  /** Spoken by screen readers when the recipient search finds nobody. */
  announceNoMatch: 'No member matches',
  /** Spoken by screen readers when the recipient search shows suggestions. */
  announceFound: { one: '{count} member found', other: '{count} members found' },
  /** A suggestion of the recipient search on a new conversation. */
  suggestionWrite: 'Write to {name}',
  /** A suggestion of the recipient search when members are already chosen. */
  suggestionAdd: 'Add {name}',
} satisfies Section;
