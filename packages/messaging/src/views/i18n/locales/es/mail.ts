import type { Catalogue } from '../en/index.js';

/** Spanish: mail. */
export const mail: Catalogue['mail'] = {};
