import type { Translator } from '../i18n/translator.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { SafeHtml } from '../text/escape-html.js';
import { fileSizeText } from './file-size.js';
import type { AttachmentListData } from './templates/attachment-list.js';

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
 * The data of `attachments/attachment-list` for a message's files, or null when it has none.
 * Links are built from `base` and the id only (never a URL from the data: a `thumbnailUrl`
 * only says that a thumbnail exists).
 */
export function attachmentListData(base: string, attachments: readonly AttachmentView[] | undefined, i18n: Translator): Omit<AttachmentListData, 'i18n'> | null {
  if (!attachments || attachments.length === 0) return null;
  return {
    items: attachments.map((a) => {
      const href = `${base}/attachments/${encodeURIComponent(a.id)}`;
      const size = a.thumbnailUrl === undefined ? null : thumbnailSize(a);
      return {
        href,
        name: a.name,
        thumbnailSrc: a.thumbnailUrl === undefined ? null : `${href}/thumbnail`,
        width: size?.width ?? null,
        height: size?.height ?? null,
        sizeText: fileSizeText(a.size, i18n),
      };
    }),
  };
}

/**
 * A message's files: an image as its thumbnail linking to the full image (the file name as
 * `alt`), anything else as a download link named by the file with its size; nothing when none.
 * The thread page includes the template itself; this is for any other page.
 */
export function renderAttachmentList(kit: ViewKit, base: string, attachments: readonly AttachmentView[] | undefined): SafeHtml {
  const data = attachmentListData(base, attachments, kit.i18n);
  return new SafeHtml(data ? kit.renderer.render('attachments/attachment-list', { ...data, i18n: kit.i18n }) : '');
}
