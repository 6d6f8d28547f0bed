import type { Catalogue } from '../en/index.js';

/** French: moderation. */
export const moderation: Catalogue['moderation'] = {};
