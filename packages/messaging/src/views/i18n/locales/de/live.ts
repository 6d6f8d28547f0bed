import type { Catalogue } from '../en/index.js';

/** German: live. */
export const live: Catalogue['live'] = {};
