import type { Catalogue } from '../en/index.js';

/** Spanish: moderation. */
export const moderation: Catalogue['moderation'] = {};
