import type { Catalogue } from '../en/index.js';

/** Spanish: conversations. */
export const conversations: Catalogue['conversations'] = {};
