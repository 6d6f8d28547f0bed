import type { Catalogue } from '../en/index.js';

/** Arabic: conversations. */
export const conversations: Catalogue['conversations'] = {};
