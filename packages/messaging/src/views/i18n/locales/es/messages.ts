import type { Catalogue } from '../en/index.js';

/** Spanish: messages. */
export const messages: Catalogue['messages'] = {};
