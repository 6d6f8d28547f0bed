import type { Catalogue } from '../en/index.js';

/** Spanish: safety. */
export const safety: Catalogue['safety'] = {};
