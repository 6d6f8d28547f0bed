import type { Section } from '../../catalogue.js';

/** English: safety. The keys of this section are defined here; every locale has the same ones. */
export const safety = {
  /** Link from the member-safety pages back to the inbox. */
  backToMessages: 'Back to your messages',
  /** A one-button form's button: takes an archived conversation back to the inbox. */
  moveToInbox: 'Move back to inbox',

  archivedTitle: 'Archived conversations',
  archivedHint: 'A new message brings a conversation back to your inbox.',
  archivedEmpty: 'No archived conversations.',
  archivedNoMore: 'No more archived conversations.',
  /** Label of the navigation holding the "Older conversations" link (read by screen readers). */
  archivedPager: 'More archived conversations',
  archivedOlder: 'Older conversations',

  /** The block page's heading and document title; {name} is the member's name. */
  blockTitle: 'Block {name}?',
  blockIsBlocked: '{name} is blocked',
  blockIsUnblocked: '{name} is unblocked',
  blockDoneBlocked: 'You blocked {name}.',
  blockDoneUnblocked: 'You unblocked {name}.',
  blockExplain:
    '{name} will not be able to start a conversation with you or write to you in your conversation together. They are not told, and nothing already sent is deleted. Group conversations you share go on.',
  blockExplainBlocked: '{name} cannot start a conversation with you or write to you in your conversation together. Group conversations you share go on.',
  blockExplainUnblocked: '{name} can start a conversation with you and write to you again. They are not told.',
  /** A button and a link: block the member named. */
  blockButton: 'Block {name}',
  unblockButton: 'Unblock {name}',
  blockBackToProfile: "Back to {name}'s profile",
  blockYourBlocked: 'Your blocked members',
  blockYourMessages: 'Your messages',

  preferencesTitle: 'Messaging settings',
  /** After the settings form was saved. */
  saved: 'Saved.',
  whoLegend: 'Who may start a conversation with me',
  whoEveryone: 'Everyone',
  whoContacts: 'Only people I already have a conversation with',
  whoNobody: 'Nobody (existing conversations go on)',
  whoError: 'Choose one of the options.',
  notifyLegend: 'Email me about unread messages',
  notifyOff: 'Off',
  notifyConversation: 'Each conversation, once until I read it',
  notifyDigest: 'A daily digest',
  notifyError: 'Choose how often we email you.',
  preferencesSave: 'Save',
  blockedHeading: 'Blocked members',
  blockedEmpty: 'You have not blocked anyone.',

  reportTitle: 'Report a message',
  /** The document title once a report was sent. */
  reportSentTitle: 'Report sent',
  reportThanks: 'Thank you',
  reportSent: 'Your report was sent. A moderator will review it.',
  reportBack: 'Back to the conversation',
  reportReasonLegend: 'What is wrong with it?',
  reasonSpam: 'Spam or scam',
  reasonHarassment: 'Harassment or threats',
  reasonInappropriate: 'Inappropriate content',
  reasonOther: 'Something else',
  reportNoteLabel: 'Anything a moderator should know (optional)',
  reportSend: 'Send report',
  reportReasonError: 'Choose a reason.',
  reportNoteTooLong: 'The note must be at most {max} characters.',
  reportNoteCharacters: 'The note must not contain control characters other than tab and newline.',

  /** Label of the group of buttons on a conversation's page (archive, mute, leave, block). */
  controlsLabel: 'Conversation settings',
  archive: 'Archive',
  mute: 'Mute',
  unmute: 'Unmute',
  leave: 'Leave conversation',
  mutedNote: 'Muted: new messages here do not add to your unread count.',
} satisfies Section;
