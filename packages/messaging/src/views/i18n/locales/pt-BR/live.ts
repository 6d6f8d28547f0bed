import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: live. */
export const live: Catalogue['live'] = {};
