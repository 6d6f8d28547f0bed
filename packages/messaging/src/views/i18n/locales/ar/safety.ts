import type { Catalogue } from '../en/index.js';

/** Arabic: safety. */
export const safety: Catalogue['safety'] = {};
