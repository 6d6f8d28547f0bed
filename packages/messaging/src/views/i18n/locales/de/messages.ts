import type { Catalogue } from '../en/index.js';

/** German: messages. */
export const messages: Catalogue['messages'] = {};
