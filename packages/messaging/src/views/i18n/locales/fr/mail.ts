import type { Catalogue } from '../en/index.js';

/** French: mail. */
export const mail: Catalogue['mail'] = {};
