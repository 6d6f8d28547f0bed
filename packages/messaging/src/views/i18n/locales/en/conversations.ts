import type { Section } from '../../catalogue.js';

/** English: conversations. The keys of this section are defined here; every locale has the same ones. */
export const conversations = {} satisfies Section;
