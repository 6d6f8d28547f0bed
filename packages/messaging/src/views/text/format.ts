import type { Participant, ThreadSummary } from '../../services/conversations/types.js';
import type { Translator } from '../i18n/translator.js';
import { english } from '../i18n/localization.js';
import { isolatedText } from './isolate.js';

/** The other people in a thread (everyone but the viewer). */
export function othersOf(thread: ThreadSummary, viewerId: string): Participant[] {
  const others = thread.participants.filter((p) => p.id !== viewerId);
  return others.length > 0 ? others : thread.participants;
}

/**
 * What a thread is called in the document title: its subject, else the names of the others,
 * each isolated (Unicode FSI…PDI: a title holds no markup) so bidi controls stay inside.
 */
export function threadTitle(thread: ThreadSummary, viewerId: string, i18n: Translator = english()): string {
  return (thread.subject ? isolatedText(thread.subject) : i18n.list(othersOf(thread, viewerId).map((p) => isolatedText(p.displayName)))) || i18n.t('common.conversation');
}

// The one check for links from outside data lives below the layers, for services and http too.
export { safeUrl } from '../../shared/local-path.js';
