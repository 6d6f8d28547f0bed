import type { Translator } from '../../i18n/translator.js';

/** One file of a message as the page shows it. */
export interface AttachmentItemData {
  /** The file, under the mount, by id (never a URL from the data). */
  href: string;
  /** Member text: the file's name. */
  name: string;
  /** An image with a thumbnail: shown as the thumbnail, linking to the image. */
  thumbnailSrc: string | null;
  /** The thumbnail's shown size, kept in proportion (null when unknown). */
  width: number | null;
  height: number | null;
  /** The size in the member's words ("2 KB"). */
  sizeText: string;
}

/** What `attachments/attachment-list` is rendered with (built by ../attachment-list.ts). */
export interface AttachmentListData {
  i18n: Translator;
  items: AttachmentItemData[];
}

/**
 * A message's files: an image as its thumbnail linking to the full image (the file name as
 * `alt`), anything else as a download named by the file with its size. Nothing at all when the
 * message has none. `data-messaging-attachment` marks each link (the live script builds the same).
 */
export const ATTACHMENT_LIST_TEMPLATE = `<% if (it.items.length > 0) { %><ul class="m-attachments" aria-label="<%= it.i18n.t('messages.attachmentsLabel') %>"><% for (const a of it.items) { %><% if (a.thumbnailSrc) { %><li class="m-attachment m-attachment-image"><a href="<%= a.href %>" data-messaging-attachment><img src="<%= a.thumbnailSrc %>" alt="<%= a.name %>"<% if (a.width && a.height) { %> width="<%= a.width %>" height="<%= a.height %>"<% } %> loading="lazy"></a></li><% } else { %><li class="m-attachment m-attachment-file"><a href="<%= a.href %>" download data-messaging-attachment><bdi><%= a.name %></bdi></a> <span class="m-meta">(<%= a.sizeText %>)</span></li><% } %><% } %></ul><% } %>`;
