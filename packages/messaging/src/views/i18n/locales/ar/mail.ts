import type { Catalogue } from '../en/index.js';

/** Arabic: mail. */
export const mail: Catalogue['mail'] = {};
