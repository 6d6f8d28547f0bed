import type { Catalogue } from '../en/index.js';

/** German: conversations. */
export const conversations: Catalogue['conversations'] = {};
