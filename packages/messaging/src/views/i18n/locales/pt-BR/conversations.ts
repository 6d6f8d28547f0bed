import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: conversations. */
export const conversations: Catalogue['conversations'] = {};
