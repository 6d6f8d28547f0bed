import { ATTACHMENT_LIST_TEMPLATE, type AttachmentListData } from './attachment-list.js';
import { FILE_INPUT_TEMPLATE, type FileInputData } from './file-input.js';

/** The attachments templates, by name (a host overrides `<templates>/attachments/<name>.eta`). */
export const ATTACHMENTS_TEMPLATES = {
  'attachments/attachment-list': ATTACHMENT_LIST_TEMPLATE,
  'attachments/file-input': FILE_INPUT_TEMPLATE,
} as const;

/** What each of them is rendered with. */
export interface AttachmentTemplateData {
  'attachments/attachment-list': AttachmentListData;
  'attachments/file-input': FileInputData;
}
