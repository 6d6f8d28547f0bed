import type { Catalogue } from '../en/index.js';

/** French: messages. */
export const messages: Catalogue['messages'] = {};
