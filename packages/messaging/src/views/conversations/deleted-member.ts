import type { Participant, ThreadSummary } from '../../services/conversations/types.js';
import { DELETED_USER_NAME } from '../../services/conversations/user-directory.js';
import type { Translator } from '../i18n/translator.js';

/**
 * The thread with the members the site no longer knows named in the member's words: the
 * directory names them "Deleted user" (English, as the JSON API says it), without a profile link.
 */
export function inMemberWords(thread: ThreadSummary, i18n: Translator): ThreadSummary {
  const shown = (p: Participant) => (p.displayName === DELETED_USER_NAME && p.profileUrl === null ? { ...p, displayName: i18n.t('messages.messageDeletedUser') } : p);
  return { ...thread, participants: thread.participants.map(shown) };
}
