/** The partials templates, by name (a host overrides `<templates>/partials/<name>.eta`). */
export const PARTIALS_TEMPLATES = {} as const;

/** What each of them is rendered with. */
export interface PartialTemplateData {}
