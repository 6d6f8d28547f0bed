import { COMPOSE_TEMPLATE, type ComposeData } from './compose.js';
import { INBOX_TEMPLATE, type InboxData } from './inbox.js';
import { SEARCH_TEMPLATE, type SearchData } from './search.js';
import { THREAD_TEMPLATE } from './thread.js';

/** The conversation pages' templates, by name (a host overrides `<templates>/conversations/<name>.eta`). */
export const CONVERSATION_TEMPLATES = {
  'conversations/inbox': INBOX_TEMPLATE,
  'conversations/compose': COMPOSE_TEMPLATE,
  'conversations/thread': THREAD_TEMPLATE,
  'conversations/search': SEARCH_TEMPLATE,
} as const;

/** What each of them is rendered with. */
export interface ConversationTemplateData {
  'conversations/inbox': InboxData;
  'conversations/compose': ComposeData;
  'conversations/thread': object;
  'conversations/search': SearchData;
}
