import type { Catalogue } from '../en/index.js';

/** Arabic: messages. */
export const messages: Catalogue['messages'] = {};
