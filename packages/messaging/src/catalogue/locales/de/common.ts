import type { Catalogue } from '../en/index.js';

/** German: common. */
export const common: Catalogue['common'] = {
  conversation: 'Unterhaltung',
  others: { one: '{count} weitere Person', other: '{count} weitere Personen' },
  timeInZone: '{time} ({zone})',
};
