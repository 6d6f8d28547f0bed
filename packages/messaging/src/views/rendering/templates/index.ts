/** The rendering templates, by name (a host overrides `<templates>/rendering/<name>.eta`). */
export const RENDERING_TEMPLATES = {} as const;

/** What each of them is rendered with. */
export interface RenderingTemplateData {}
