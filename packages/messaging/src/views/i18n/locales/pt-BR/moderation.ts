import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: moderation. */
export const moderation: Catalogue['moderation'] = {};
