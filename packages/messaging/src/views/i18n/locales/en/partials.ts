import type { Section } from '../../catalogue.js';

/** English: partials. The keys of this section are defined here; every locale has the same ones. */
export const partials = {} satisfies Section;
