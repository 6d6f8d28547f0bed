import { plural, type Section } from '../../catalogue.js';

/**
 * English: the inbox, search and compose pages and the messages of their forms. The keys of
 * this section are defined here; every locale has the same ones.
 */
export const conversations = {
  /** The inbox's heading and the document title of the inbox. */
  inboxHeading: 'Messages',
  /** A link to the compose page. */
  inboxNewMessage: 'New message',
  /** A link to the archived conversations (also the link inside `inboxEmptyArchived`). */
  inboxArchived: 'Archived',
  /** A link to the member's messaging settings. */
  inboxSettings: 'Settings',
  inboxEmpty: 'No conversations yet.',
  /** `{archived}` is a link reading `inboxArchived`. */
  inboxEmptyArchived: 'No conversations in your inbox. Archived conversations are in {archived}.',
  /** An empty later page of the inbox. */
  inboxNoMore: 'No more conversations.',
  /** Beside a conversation with unread messages; shown only when there are some. */
  inboxUnread: plural({ one: '{count} unread', other: '{count} unread' }),
  /** Beside a conversation the member muted. */
  inboxMuted: 'Muted',
  /** The last message's start, when the member sent it: "You: See you then". */
  inboxPreviewMine: 'You: {preview}',
  /** The last message's preview when it holds files and no text. */
  inboxSentFile: 'Sent a file',
  /** The name of the inbox's page links, for screen readers. */
  inboxPagerLabel: 'More conversations',
  inboxLatest: 'Latest conversations',
  inboxOlder: 'Older conversations',
  /** What a conversation is about, from the host's site (a listing, an order): "About Blue bike". */
  aboutContext: 'About {title}',
  /** A link back to the inbox. */
  backToInbox: 'Back to your messages',

  /** The search page's heading and document title. */
  searchHeading: 'Search messages',
  /** The label of the search field (inbox and search page). */
  searchLabel: 'Search your messages',
  /** The search form's button. */
  searchButton: 'Search',
  searchNoResults: 'No messages found.',
  /** An empty later page of results. */
  searchNoMore: 'No more messages found.',
  /** The sender of a result the member wrote. */
  searchSenderMine: 'You',
  /** A result: who wrote it, then the words around the match. */
  searchResultLine: '{sender}: {excerpt}',
  /** The name of the results' page links, for screen readers. */
  searchPagerLabel: 'More results',
  searchNewest: 'Newest results',
  searchOlder: 'Older results',
  searchNeedsWord: 'Type a word to search for.',
  searchTooLong: 'The search must be at most {max} characters.',
  searchControlCharacters: 'The search must not contain control characters.',

  /** The compose page's heading and document title. */
  composeHeading: 'New message',
  /** Before the names of the chosen recipients. */
  composeToLabel: 'To:',
  /** The label of the member search when someone is chosen already (a group). */
  composeAddSomeone: 'Add someone else',
  /** The label of the member search when nobody is chosen yet. */
  composeWhoTo: 'Who do you want to write to?',
  /** The member search's button. */
  composeFind: 'Find',
  /** `{query}` is what the member typed. */
  composeNoMatch: 'No member matches “{query}”.',
  /** A found member, when someone is chosen already. */
  composeAdd: 'Add {name}',
  /** A found member, when nobody is chosen yet. */
  composeWriteTo: 'Write to {name}',
  /** Without a member search: `{button}` is the profiles' Message button (`partials.messageButton`), in bold. */
  composeFromProfile: 'To start a conversation, open a member’s profile and choose {button}.',
  composeSubject: 'Subject (optional)',
  /** The label of the message field. */
  composeMessage: 'Message',
  /** The form's button. */
  composeSend: 'Send',
  /** The member search was sent empty. */
  composePickerEmpty: 'Type a name to search for.',
  composePickerTooLong: 'Type at most {max} characters.',
  composeToSelf: 'You cannot send a message to yourself.',
  /** The compose page was opened for a member id the site does not know. */
  composeToUnknown: 'We could not find that member.',

  /** A message form (new conversation or reply) sent without text. */
  formWriteFirst: 'Write a message first.',
  /** Next to a field over its limit. */
  formTooLong: 'This is too long: at most {max} characters.',
  /** Next to a field refused for a reason the form has no words for. */
  formCheckField: 'Check this field.',
  formSingleLine: 'Keep the subject on one line.',
  formControlCharacters: 'Remove the invisible control characters from this text.',
  /** A reply in a direct conversation whose other member the host deleted. */
  formRecipientGone: 'This member no longer exists: they cannot receive messages.',
  formTooManyRecipients: 'A conversation can include at most {max} other members.',
} satisfies Section;
