import type { Catalogue } from '../en/index.js';

/** French: common. */
export const common: Catalogue['common'] = {
  conversation: 'Conversation',
  others: { one: '{count} autre personne', many: '{count} autres personnes', other: '{count} autres personnes' },
  timeInZone: '{time} ({zone})',
};
