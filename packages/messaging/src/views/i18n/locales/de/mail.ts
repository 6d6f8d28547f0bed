import type { Catalogue } from '../en/index.js';

/** German: mail. */
export const mail: Catalogue['mail'] = {};
