/** The attachments templates, by name (a host overrides `<templates>/attachments/<name>.eta`). */
export const ATTACHMENTS_TEMPLATES = {} as const;

/** What each of them is rendered with. */
export interface AttachmentTemplateData {}
