/** The safety templates, by name (a host overrides `<templates>/safety/<name>.eta`). */
export const SAFETY_TEMPLATES = {} as const;

/** What each of them is rendered with. */
export interface SafetyTemplateData {}
