import type { Catalogue } from '../en/index.js';

/** Spanish: live. */
export const live: Catalogue['live'] = {};
