import type { Section } from '../../catalogue.js';

/** English: live. The keys of this section are defined here; every locale has the same ones. */
export const live = {} satisfies Section;
