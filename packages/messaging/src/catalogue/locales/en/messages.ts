import type { Section } from '../../catalogue.js';

/**
 * English: messages. The thread page, one message, a group's members-and-name page and its
 * system lines, the edit and delete pages of one's own message, and a message's files. The
 * keys of this section are defined here; every locale has the same ones.
 */
export const messages = {
  /** Link from a thread back to the inbox. */
  threadBackToInbox: 'Back to your messages',
  /** Under a thread's title; {names} are the other members, already joined ("Bob and Carol"). */
  threadWith: 'With {names}',
  /** Link to a group's page where members are added and the group is renamed. */
  threadGroupSettingsLink: 'Members and name',
  /** Label (for screen readers) of the navigation to earlier messages. */
  threadEarlierLabel: 'Earlier messages',
  threadOlderLink: 'Older messages',
  threadEmpty: 'No messages yet.',
  /** Label (for screen readers) of the list of messages. */
  threadMessagesLabel: 'Messages',
  /** Label (for screen readers) of the navigation to later messages. */
  threadLaterLabel: 'Later messages',
  threadLatestLink: 'Latest messages',
  /** Heading of the reply form under the messages. */
  threadReplyHeading: 'Reply',
  /** Label of the text box of the reply and edit forms. */
  bodyLabel: 'Your message',
  threadSend: 'Send',
  /** Shown instead of the name of a sender the site no longer knows. */
  messageDeletedUser: 'Deleted user',
  messageRemoved: 'Message removed by a moderator',
  /** Shown where a message was that its sender deleted. */
  messageDeleted: 'Message deleted',
  /** Small mark under a message its sender changed after sending. */
  messageEdited: 'edited',
  /** Link under someone else's message, to report it to the moderators. */
  messageReport: 'Report',
  /** Link under one's own message. */
  messageEdit: 'Edit',
  /** Link under one's own message. */
  messageDelete: 'Delete',
  /** What a conversation is about: {title} is the site's title of it (a listing, an order…), maybe a link. */
  contextAbout: 'About {title}',
  /** A line among the messages: {name} added {names} (one or more members, already joined). */
  systemMembersAdded: '{name} added {names}',
  /** A line among the messages: {name} gave the group a name, {subject}. */
  systemRenamed: '{name} renamed the conversation to “{subject}”',
  /** A line among the messages: {name} took the group's name away (the members' names show instead). */
  systemNameRemoved: "{name} removed the conversation's name",
  /** Stands for a member the site no longer knows in a system line. */
  systemFormerMember: 'A former member',
  /** Title and heading of a group's page: who is in it, add members, rename it. */
  groupTitle: 'Members and name',
  groupBackToThread: 'Back to the conversation',
  /** {count} members now, {max} the most the group may have. */
  groupMembersHeading: 'Members ({count} of at most {max})',
  groupAddHeading: 'Add members',
  groupAddHint: 'They will see the conversation from now on, not what was written before.',
  groupAddLabel: 'Member ids, separated by commas',
  /** Button: add the members typed. */
  groupAddButton: 'Add',
  groupRenameHeading: 'Name of the conversation',
  groupRenameLabel: "Name (leave empty for the members' names)",
  /** Button: save the group's new name. */
  groupRenameButton: 'Rename',
  groupErrorNoMember: 'The member list must name at least one member.',
  groupErrorTooManyIds: { one: 'The member list must name at most {count} member.', other: 'The member list must name at most {count} members.' },
  groupErrorBadIds: 'The member list must be member ids without control characters.',
  groupErrorAlreadyIn: 'The member list names only members already in this conversation.',
  /** {count}: the most members a group may have, everyone included. */
  groupErrorTooLarge: {
    one: 'The member list would make the conversation larger than {count} member.',
    other: 'The member list would make the conversation larger than {count} members.',
  },
  groupErrorMembers: 'Check the member ids.',
  groupErrorNameText: 'The name must be text.',
  groupErrorNameLine: 'The name must be a single line.',
  groupErrorNameLength: { one: 'The name must be at most {count} character.', other: 'The name must be at most {count} characters.' },
  groupErrorName: 'Check the name.',
  /** Title and heading of the page where one changes one's own message. */
  editTitle: 'Edit message',
  editClosed: 'This message can no longer be edited.',
  /** {sent} and {until} are dates and times. */
  editSentUntil: 'Sent {sent}; you can edit it until {until}.',
  /** Button: save the changed message. */
  editSave: 'Save',
  /** Link back to the conversation without changing anything. */
  cancel: 'Cancel',
  editBackToThread: 'Back to the conversation',
  /** The edit form was sent with an empty text box. */
  editWriteFirst: 'Write a message before saving.',
  /** The document title of the page that confirms deleting one's own message. */
  deleteTitle: 'Delete message',
  deleteHeading: 'Delete this message?',
  /** Quotes the words messageDeleted shows in the message's place. */
  deleteExplain: 'Everyone in the conversation will see "Message deleted" in its place. This cannot be undone.',
  /** Button: delete one's own message for good. */
  deleteButton: 'Delete message',
  /** Label (for screen readers) of a message's list of files. */
  attachmentsLabel: 'Attachments',
  /** A file size under 1 KB. */
  sizeBytes: { one: '{count} byte', other: '{count} bytes' },
  /** A file size in kilobytes (1024 bytes); {size} is a number such as 1.5. */
  sizeKilobytes: '{size} KB',
  sizeMegabytes: '{size} MB',
  sizeGigabytes: '{size} GB',
  fileInputLabel: 'Attach files (optional)',
  /** Under the file picker; {size} is a file size ("5 MB"). */
  fileInputHint: { one: 'Up to {count} file, {size} each.', other: 'Up to {count} files, {size} each.' },
  /** {size}: the largest file allowed; {count}: the most files in one message. */
  fileTooLarge: 'A file is too large: at most {size} each, {count} at most.',
  fileTooMany: { one: 'At most {count} file at once.', other: 'At most {count} files at once.' },
  /** {types}: the kinds of files allowed, "JPEG, PNG, PDF". */
  fileTypeRefused: 'This type of file cannot be sent. Allowed: {types}.',
  fileDailyLimit: 'You have sent too many files today. Try again later.',
  fileRefused: 'This file was refused. Choose another one.',
} satisfies Section;
