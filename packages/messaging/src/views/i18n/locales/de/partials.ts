import type { Catalogue } from '../en/index.js';

/** German: partials. */
export const partials: Catalogue['partials'] = {};
