import type { Catalogue } from '../en/index.js';

/** Arabic: moderation. */
export const moderation: Catalogue['moderation'] = {};
