import type { Catalogue } from '../en/index.js';

/** Spanish: partials. */
export const partials: Catalogue['partials'] = {};
