import type { Catalogue } from '../en/index.js';

/** French: safety. */
export const safety: Catalogue['safety'] = {};
