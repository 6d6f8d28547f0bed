import { COMPOSE_TEMPLATE, type ComposeData } from './compose.js';
import { INBOX_TEMPLATE, type InboxData } from './inbox.js';
import { SEARCH_TEMPLATE, type SearchData } from './search.js';
import { GROUP_SETTINGS_TEMPLATE, type GroupSettingsData } from './group-settings.js';
import { MESSAGE_DELETE_TEMPLATE, type MessageDeleteData } from './message-delete.js';
import { MESSAGE_EDIT_TEMPLATE, type MessageEditData } from './message-edit.js';
import { SYSTEM_LINE_TEMPLATE, type SystemLineData } from './system-line.js';
import { THREAD_TEMPLATE, type ThreadData } from './thread.js';

/** The conversation pages' templates, by name (a host overrides `<templates>/conversations/<name>.eta`). */
export const CONVERSATION_TEMPLATES = {
  'conversations/inbox': INBOX_TEMPLATE,
  'conversations/compose': COMPOSE_TEMPLATE,
  'conversations/thread': THREAD_TEMPLATE,
  'conversations/system-line': SYSTEM_LINE_TEMPLATE,
  'conversations/group-settings': GROUP_SETTINGS_TEMPLATE,
  'conversations/message-edit': MESSAGE_EDIT_TEMPLATE,
  'conversations/message-delete': MESSAGE_DELETE_TEMPLATE,
  'conversations/search': SEARCH_TEMPLATE,
} as const;

/** What each of them is rendered with. */
export interface ConversationTemplateData {
  'conversations/inbox': InboxData;
  'conversations/compose': ComposeData;
  'conversations/thread': ThreadData;
  'conversations/system-line': SystemLineData;
  'conversations/group-settings': GroupSettingsData;
  'conversations/message-edit': MessageEditData;
  'conversations/message-delete': MessageDeleteData;
  'conversations/search': SearchData;
}
