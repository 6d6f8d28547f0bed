import type { Catalogue } from '../en/index.js';

/** Spanish: common. */
export const common: Catalogue['common'] = {
  conversation: 'Conversación',
  others: { one: '{count} persona más', many: '{count} personas más', other: '{count} personas más' },
  timeInZone: '{time} ({zone})',
};
