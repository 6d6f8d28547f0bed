import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: messages. */
export const messages: Catalogue['messages'] = {};
