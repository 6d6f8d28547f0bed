import type { Catalogue } from '../en/index.js';

/** German: safety. */
export const safety: Catalogue['safety'] = {};
