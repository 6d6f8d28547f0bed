import type { Section } from '../../catalogue.js';

/** English: mail. The keys of this section are defined here; every locale has the same ones. */
export const mail = {} satisfies Section;
