import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: partials. */
export const partials: Catalogue['partials'] = {};
