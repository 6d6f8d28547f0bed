import type { Section } from '../../catalogue.js';

/** English: moderation. The keys of this section are defined here; every locale has the same ones. */
export const moderation = {
  /** The admin page's heading and title: the on/off switch of the messaging feature. */
  adminTitle: 'Direct messaging',
  /** Label of the navigation from the admin page to the moderators' pages. */
  adminLinksLabel: 'Moderation',
  /** Link back to the admin page from the moderators' pages. */
  backToSettings: 'Messaging settings',

  limitsTitle: 'Sending limits',
  limitsSaved: 'Saved.',
  limitsBlankHint: 'Leave a field blank for its default.',
  limitMessagesPerMinute: 'Messages per minute, per member',
  limitNewThreadsPerDay: 'New conversations per day, per member',
  limitMaxGroupParticipants: 'Most other members in a group conversation',
  /** Beside a limit's box: the value a blank field means. */
  limitDefault: 'Default: {value}',
  limitsSave: 'Save limits',
  limitRangeError: 'This must be a whole number from {min} to {max}.',

  reportsTitle: 'Reported messages',
  doneDismiss: 'Report dismissed.',
  doneRemove: 'Message removed. The conversation now shows "Message removed by a moderator".',
  doneSuspend: 'The sender can no longer send messages.',
  doneUnsuspend: 'The member can message again.',
  noReports: 'No open reports.',
  moreReports: 'More reports',
  /** A report's heading: "Spam or scam: Carol, reported by Alice". */
  reportHeading: '{reason}: {sender}, reported by {reporter}',
  reportNote: 'Note from {name}: {note}',
  contextLabel: 'The reported message and the messages around it',
  /** Marks the reported message among the messages around it. */
  reportedMarker: 'reported',
  /** A sender who is no longer a member of the site. */
  deletedUser: 'Deleted user',
  asReportedDeleted: '(as reported; deleted by the sender since)',
  asReportedEdited: '(as reported; edited by the sender since)',
  removedByModerator: 'Message removed by a moderator',
  deletedBySender: 'Message deleted',
  /** Label of the group of the three decisions on a report. */
  decisionLabel: 'Decision',
  dismiss: 'Dismiss report',
  /** Links to a confirmation page (the ellipsis says a question follows). */
  removeLink: 'Remove the message…',
  suspendLink: 'Stop {name} from messaging…',
  suspendedHeading: 'Members stopped from messaging',
  suspendedNobody: 'Nobody.',
  /** {time} is a date and time. */
  suspendedSince: '{name} (since {time})',
  unsuspendButton: 'Let {name} message again',

  confirmRemoveTitle: 'Remove this message?',
  confirmRemoveText:
    'Everyone in the conversation will see "Message removed by a moderator" in its place, and its text is deleted. This cannot be undone. Every open report of this message is closed.',
  confirmRemoveButton: 'Remove the message',
  confirmSuspendTitle: 'Stop {name} from messaging?',
  /** The document title of that page, which holds no name. */
  confirmSuspendDocTitle: 'Stop this member from messaging?',
  confirmSuspendText:
    '{name} will not be able to start conversations or send messages until an administrator lets them message again. Their open reports are closed. Their earlier messages stay.',
  confirmSuspendButton: 'Stop {name} from messaging',
  cancel: 'Cancel',
} satisfies Section;
