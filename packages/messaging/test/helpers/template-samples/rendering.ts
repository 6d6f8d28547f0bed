import type { RenderingTemplateData } from '../../../src/views/rendering/templates/index.js';
import { html } from '../../../src/views/text/escape-html.js';

/**
 * Sample data for every rendering template (the default layout, the error page), for the test
 * that renders every template with it: the `hostile` argument wherever member or host text can
 * arrive (the document title may hold a subject; the page's member text, isolated as the pages
 * do; the links, local paths with the text encoded, as the views make them). The error page's heading and message are the catalogue's words, never a member's.
 */
/** A link as the views make one: a local path, the member's or host's text in it encoded. */
const link = (hostile: string) => `/messages/${encodeURIComponent(hostile)}`;

type Sample<N extends keyof RenderingTemplateData> = (hostile: string) => Omit<RenderingTemplateData[N], 'i18n'>;

export const samples: { [N in keyof RenderingTemplateData]: Sample<N> } = {
  'rendering/layout': (hostile) => ({
    title: hostile,
    body: html`<p><bdi>${hostile}</bdi></p>`,
    stylesheetHref: `${link(hostile)}/messaging.css`,
    scriptHref: `${link(hostile)}/messaging.js`,
  }),
  'rendering/error': (hostile) => ({ title: 'Not found', message: 'This conversation does not exist, or you are not part of it.', inboxHref: link(hostile) }),
};
