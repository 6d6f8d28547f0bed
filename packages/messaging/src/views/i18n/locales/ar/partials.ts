import type { Catalogue } from '../en/index.js';

/** Arabic: partials. */
export const partials: Catalogue['partials'] = {};
