import type { Translator } from '../i18n/translator.js';
import type { MailModel } from './mail-model.js';

/**
 * The plain-text part: the same words as the HTML, links written out on their own lines. Not
 * a template: eta escapes for HTML, and a text part must not hold entities.
 */
export function mailText(model: MailModel, i18n: Translator): string {
  const out: string[] = [model.greeting, '', model.intro, ''];
  const openThread = i18n.t('mail.openThread');
  for (const thread of model.threads) {
    out.push(thread.title, thread.line);
    for (const m of thread.messages) {
      out.push('', `${m.sender} (${m.time}):`, ...m.lines.map((line) => `> ${line}`));
    }
    if (thread.url) out.push(`${openThread}: ${thread.url}`);
    out.push('');
  }
  if (model.more > 0) out.push(i18n.t('mail.moreThreads', { count: model.more }), '');
  if (model.links.inbox) out.push(`${i18n.t('mail.openInbox')}: ${model.links.inbox}`, '');
  // "-- " is the signature separator: mail clients fold what follows.
  out.push('-- ', i18n.t('mail.footer'));
  if (model.links.preferences) out.push(`${i18n.t('mail.preferences')}: ${model.links.preferences}`);
  if (model.links.unsubscribe) out.push(`${i18n.t('mail.unsubscribe')}: ${model.links.unsubscribe}`);
  return `${out.join('\n')}\n`;
}
