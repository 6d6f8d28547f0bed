import type { Message, Participant } from './api-types.js';
import { attachmentList } from './attachment-list.js';
import { liveStrings } from './live-strings.js';
import { safeLink } from './safe-link.js';

// As the pages show times (the translator's dateTime): in the member's zone, with its name.
export function timeText(iso: string): string {
  return liveStrings().dateTime(iso);
}

// Member text apart from the page's words, as the server renders it (views/text/isolate.ts).
function isolated(text: string): HTMLElement {
  const el = document.createElement('bdi');
  el.textContent = text;
  return el;
}

/**
 * A message as the thread page renders it (views/conversations/thread-view.ts), built with
 * `textContent`, never `innerHTML`; others' messages get a Report link under `base`.
 */
export function messageItem(message: Message, mine: boolean, person: Participant | undefined, base: string): HTMLLIElement {
  const li = document.createElement('li');
  li.className = `m-message${mine ? ' m-mine' : ''}`;
  li.id = `m-${message.id}`;
  const meta = document.createElement('p');
  meta.className = 'm-meta';
  const name = person ? person.displayName : liveStrings().text('messages.messageDeletedUser');
  // As views/text/avatar.ts: an http(s) URL or a local path, else no image.
  const avatar = safeLink(person?.avatarUrl);
  if (avatar) {
    const img = document.createElement('img');
    img.className = 'm-avatar';
    img.src = avatar;
    img.alt = '';
    img.width = 24;
    img.height = 24;
    img.loading = 'lazy';
    img.referrerPolicy = 'no-referrer';
    meta.appendChild(img);
    meta.appendChild(document.createTextNode(' '));
  }
  const profile = safeLink(person?.profileUrl);
  if (profile) {
    const link = document.createElement('a');
    link.href = profile;
    link.appendChild(isolated(name));
    meta.appendChild(link);
  } else {
    meta.appendChild(isolated(name));
  }
  meta.appendChild(document.createTextNode(' \u00b7 '));
  const time = document.createElement('time');
  time.setAttribute('datetime', message.createdAt);
  time.textContent = timeText(message.createdAt);
  meta.appendChild(time);
  const body = document.createElement('p');
  body.className = 'm-body';
  body.dir = 'auto';
  body.textContent = message.body;
  li.appendChild(meta);
  li.appendChild(body);
  const files = attachmentList(message.attachments, base);
  if (files) li.appendChild(files);
  if (!mine) {
    const reportMeta = document.createElement('p');
    reportMeta.className = 'm-meta';
    const report = document.createElement('a');
    report.href = `${base}/messages/${encodeURIComponent(message.id)}/report`;
    report.setAttribute('data-messaging-report-link', '');
    report.textContent = liveStrings().text('messages.messageReport');
    reportMeta.appendChild(report);
    li.appendChild(reportMeta);
  }
  return li;
}
