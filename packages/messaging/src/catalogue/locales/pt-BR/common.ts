import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: common. */
export const common: Catalogue['common'] = {
  conversation: 'Conversa',
  others: { one: 'mais {count} pessoa', many: 'mais {count} pessoas', other: 'mais {count} pessoas' },
  timeInZone: '{time} ({zone})',
};
