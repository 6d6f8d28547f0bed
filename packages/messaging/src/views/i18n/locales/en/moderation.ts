import type { Section } from '../../catalogue.js';

/** English: moderation. The keys of this section are defined here; every locale has the same ones. */
export const moderation = {} satisfies Section;
