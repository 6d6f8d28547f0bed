import { html, type SafeHtml } from '../text/escape-html.js';
import { byteSizeText } from '../text/byte-size.js';

/** One file of a message, as the page shows it (the fields of the API's `attachments`). */
export interface AttachmentView {
  id: string;
  name: string;
  contentType: string;
  size: number;
  width?: number;
  height?: number;
  /** Present when the server made a thumbnail (images only). */
  thumbnailUrl?: string;
}

/** The longest side a thumbnail is shown at, CSS pixels (the server makes them at most this size). */
const THUMBNAIL_BOX = 320;

/** Width and height of the shown thumbnail, kept in proportion, so the page does not jump while it loads. */
function thumbnailSize(a: AttachmentView): { width: number; height: number } | null {
  if (!a.width || !a.height) return null;
  const scale = Math.min(1, THUMBNAIL_BOX / Math.max(a.width, a.height));
  return { width: Math.max(1, Math.round(a.width * scale)), height: Math.max(1, Math.round(a.height * scale)) };
}

/**
 * A message's files: an image as its thumbnail linking to the full image (the file name as
 * `alt`), anything else as a download link named by the file with its size. Links are built
 * from `base` and the id only (never a URL from the data), names are escaped text.
 */
export function attachmentListHtml(base: string, attachments: readonly AttachmentView[] | undefined): SafeHtml {
  if (!attachments || attachments.length === 0) return html``;
  const items = attachments.map((a) => {
    const href = `${base}/attachments/${encodeURIComponent(a.id)}`;
    if (a.thumbnailUrl !== undefined) {
      const size = thumbnailSize(a);
      return html`<li class="m-attachment m-attachment-image"><a href="${href}" data-messaging-attachment><img src="${href}/thumbnail" alt="${a.name}"${size ? html` width="${size.width}" height="${size.height}"` : ''} loading="lazy"></a></li>`;
    }
    return html`<li class="m-attachment m-attachment-file"><a href="${href}" download data-messaging-attachment><bdi>${a.name}</bdi></a> <span class="m-meta">(${byteSizeText(a.size)})</span></li>`;
  });
  return html`<ul class="m-attachments" aria-label="Attachments">${items}</ul>`;
}
