import type { MailModel } from './mail-model.js';
import type { NotificationMailStrings } from './mail-strings.js';

/** The plain-text part: the same words as the HTML, links written out on their own lines. */
export function mailText(model: MailModel, strings: NotificationMailStrings): string {
  const out: string[] = [model.greeting, '', model.intro, ''];
  for (const thread of model.threads) {
    out.push(thread.title, thread.line);
    for (const m of thread.messages) {
      out.push('', `${m.sender} (${m.time}):`, ...m.body.split('\n').map((line) => `> ${line}`));
    }
    if (thread.url) out.push(`${strings.openThread}: ${thread.url}`);
    out.push('');
  }
  if (model.more > 0) out.push(strings.moreThreads(model.more), '');
  if (model.links.inbox) out.push(`${strings.openInbox}: ${model.links.inbox}`, '');
  // "-- " is the signature separator: mail clients fold what follows.
  out.push('-- ', strings.footer);
  if (model.links.preferences) out.push(`${strings.preferences}: ${model.links.preferences}`);
  if (model.links.unsubscribe) out.push(`${strings.unsubscribe}: ${model.links.unsubscribe}`);
  return `${out.join('\n')}\n`;
}
