/** The notifications templates, by name (a host overrides `<templates>/notifications/<name>.eta`). */
export const NOTIFICATIONS_TEMPLATES = {} as const;

/** What each of them is rendered with. */
export interface NotificationTemplateData {}
