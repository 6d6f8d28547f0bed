import type { Catalogue } from '../en/index.js';

/** French: live. */
export const live: Catalogue['live'] = {
  deletedUser: 'Compte supprimé',
  formerMember: 'Un ancien membre',
  report: 'Signaler',
  edit: 'Modifier',
  delete: 'Supprimer',
  edited: 'modifié',
  messageDeleted: 'Message supprimé',
  conversation: 'Conversation',
  members: 'Avec {names}',
  membersAdded: '{actor} a ajouté {names}',
  renamed: '{actor} a renommé la conversation en « {subject} »',
  nameRemoved: '{actor} a supprimé le nom de la conversation',
  attachments: 'Pièces jointes',
  sizeBytes: { one: '{count} octet', many: '{count} d’octets', other: '{count} octets' },
  sizeKilobytes: '{size} Ko',
  sizeMegabytes: '{size} Mo',
  sizeGigabytes: '{size} Go',
  announceMessage: 'Nouveau message de {name}',
  announceUnread: { one: '{count} message non lu', many: '{count} de messages non lus', other: '{count} messages non lus' },
  announceNoMatch: 'Aucun membre ne correspond',
  announceFound: { one: '{count} membre trouvé', many: '{count} de membres trouvés', other: '{count} membres trouvés' },
  suggestionWrite: 'Écrire à {name}',
  suggestionAdd: 'Ajouter {name}',
};
