import type { Catalogue } from '../en/index.js';

/** French: conversations. */
export const conversations: Catalogue['conversations'] = {};
