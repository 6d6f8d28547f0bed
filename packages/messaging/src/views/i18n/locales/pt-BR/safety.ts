import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: safety. */
export const safety: Catalogue['safety'] = {};
