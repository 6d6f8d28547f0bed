import type { Catalogue } from '../en/index.js';

/** French: partials. */
export const partials: Catalogue['partials'] = {};
