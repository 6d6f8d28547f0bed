import type { Catalogue } from '../en/index.js';

/** French: live. */
export const live: Catalogue['live'] = {};
