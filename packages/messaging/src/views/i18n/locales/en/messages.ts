import type { Section } from '../../catalogue.js';

/** English: messages. The keys of this section are defined here; every locale has the same ones. */
export const messages = {} satisfies Section;
