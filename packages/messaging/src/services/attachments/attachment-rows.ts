import type { AttachmentsTable } from '../../db/schema.js';
import type { MessageAttachment } from './types.js';

/** A row as the API shows it; URLs relative to the router's mount path. */
export function attachmentOfRow(row: Pick<AttachmentsTable, 'id' | 'name' | 'content_type' | 'size' | 'width' | 'height' | 'thumbnail_key'>): MessageAttachment {
  const attachment: MessageAttachment = {
    id: row.id,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    url: `attachments/${row.id}`,
  };
  if (row.width !== null && row.height !== null) {
    attachment.width = Number(row.width);
    attachment.height = Number(row.height);
  }
  if (row.thumbnail_key !== null) attachment.thumbnailUrl = `attachments/${row.id}/thumbnail`;
  return attachment;
}
