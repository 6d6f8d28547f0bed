import type { Attachment } from './api-types.js';
import { liveStrings } from './live-strings.js';

// As views/attachments/file-size.ts (the script is built on its own and cannot import it), in the member's words.
const UNITS = ['messages.sizeKilobytes', 'messages.sizeMegabytes', 'messages.sizeGigabytes'] as const;
export function byteSizeText(bytes: number): string {
  const strings = liveStrings();
  if (!Number.isFinite(bytes) || bytes < 1024) return strings.text('messages.sizeBytes', { count: Math.max(0, Math.round(bytes || 0)) });
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const size = strings.number(value < 10 ? Math.round(value * 10) / 10 : Math.round(value), { useGrouping: false });
  return strings.text(UNITS[unit] ?? 'messages.sizeGigabytes', { size });
}

/** Attachment ids are random URL-safe strings; anything else in the JSON is not linked. */
const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * A message's files as the page renders them (views/attachments/attachment-list.ts): an image
 * as its thumbnail linking to the full image, other files as a named download with the size.
 * URLs are built from `base` and the id only, never taken from the JSON; names are text
 * (`textContent`, `alt`), never markup. Null when there is nothing to show.
 */
export function attachmentList(attachments: Attachment[] | undefined, base: string): HTMLUListElement | null {
  const shown = (attachments ?? []).filter((a) => typeof a?.id === 'string' && ATTACHMENT_ID.test(a.id));
  if (shown.length === 0) return null;
  const list = document.createElement('ul');
  list.className = 'm-attachments';
  list.setAttribute('aria-label', liveStrings().text('messages.attachmentsLabel'));
  for (const a of shown) {
    const href = `${base}/attachments/${encodeURIComponent(a.id)}`;
    const name = String(a.name ?? '');
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = href;
    link.setAttribute('data-messaging-attachment', '');
    if (a.thumbnailUrl !== undefined && a.thumbnailUrl !== null) {
      item.className = 'm-attachment m-attachment-image';
      const img = document.createElement('img');
      img.src = `${href}/thumbnail`;
      img.alt = name;
      if (typeof a.width === 'number' && typeof a.height === 'number' && a.width > 0 && a.height > 0) {
        const scale = Math.min(1, 320 / Math.max(a.width, a.height));
        img.width = Math.max(1, Math.round(a.width * scale));
        img.height = Math.max(1, Math.round(a.height * scale));
      }
      img.loading = 'lazy';
      link.appendChild(img);
      item.appendChild(link);
    } else {
      item.className = 'm-attachment m-attachment-file';
      link.setAttribute('download', '');
      const label = document.createElement('bdi');
      label.textContent = name;
      link.appendChild(label);
      const size = document.createElement('span');
      size.className = 'm-meta';
      size.textContent = `(${byteSizeText(Number(a.size))})`;
      item.append(link, ' ', size);
    }
    list.appendChild(item);
  }
  return list;
}
