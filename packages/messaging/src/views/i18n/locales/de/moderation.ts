import type { Catalogue } from '../en/index.js';

/** German: moderation. */
export const moderation: Catalogue['moderation'] = {};
