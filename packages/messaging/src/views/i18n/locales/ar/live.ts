import type { Catalogue } from '../en/index.js';

/** Arabic: live. */
export const live: Catalogue['live'] = {};
