import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: mail. */
export const mail: Catalogue['mail'] = {};
