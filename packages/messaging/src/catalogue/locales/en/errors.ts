import type { Section } from '../../catalogue.js';

/**
 * English: the contract's error messages as pages show them (one per code of src/errors.ts;
 * the JSON API keeps the English of that map), and the headings of the error page.
 */
export const errors = {
  invalid_request: 'The request is not valid.',
  invalid_recipient: 'Choose at least one other member who exists.',
  unauthenticated: 'Sign in to use messaging.',
  csrf_rejected: 'This request was refused to protect your account. Reload the page and try again.',
  forbidden: 'You are not allowed to do that.',
  blocked: 'You cannot message this member.',
  recipient_unavailable: 'This member is not accepting new conversations from you.',
  suspended: 'A moderator has stopped you from sending messages.',
  edit_window_closed: 'This message can no longer be edited.',
  messaging_disabled: 'Messaging is switched off.',
  not_found: 'Not found.',
  payload_too_large: 'That is too long.',
  unsupported_media_type: 'Send the request body as application/json.',
  idempotency_key_reused: 'This Idempotency-Key was already used for a different request.',
  attachment_refused: 'This file was refused.',
  rate_limited: 'You are sending too fast. Wait a moment and try again.',
  internal_error: 'Something went wrong on our side.',
  schema_too_new: 'The messaging database was written by a newer version of @org/messaging.',
  driver_missing: 'A database driver is not installed.',
  database_unavailable: 'The messaging database cannot be reached.',
  /** An HTML page's 'not found' for a conversation: the same words whether it does not exist or the member is not in it. */
  notFoundConversation: 'This conversation does not exist, or you are not part of it.',
  heading400: 'That did not work',
  heading401: 'Please sign in',
  heading403: 'Not allowed',
  heading404: 'Not found',
  heading413: 'Too long',
  heading415: 'Not supported',
  heading429: 'Slow down',
  headingOther: 'Something went wrong',
  backToInbox: 'Back to your messages',
} satisfies Section;
