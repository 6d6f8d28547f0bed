import type { Section } from '../../catalogue.js';

/** English: safety. The keys of this section are defined here; every locale has the same ones. */
export const safety = {} satisfies Section;
