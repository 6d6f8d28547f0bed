import type { Catalogue } from '../en/index.js';

/** French: live. */
export const live: Catalogue['live'] = {
  announceMessage: 'Nouveau message de {name}',
  announceUnread: { one: '{count} message non lu', many: '{count} de messages non lus', other: '{count} messages non lus' },
  announceNoMatch: 'Aucun membre ne correspond',
  announceFound: { one: '{count} membre trouvé', many: '{count} de membres trouvés', other: '{count} membres trouvés' },
};
