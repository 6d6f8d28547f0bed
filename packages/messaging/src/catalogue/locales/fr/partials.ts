import type { Catalogue } from '../en/index.js';

/** French: partials. */
export const partials: Catalogue['partials'] = {
  navLinkLabel: 'Messages',
  navLinkUnread: { one: '{label}, {count} message non lu', many: '{label}, {count} de messages non lus', other: '{label}, {count} messages non lus' },
  messageButton: 'Envoyer un message',
  blockButton: 'Bloquer',
  unblockButton: 'Débloquer',
  adminToggleLegend: 'Messagerie privée',
  adminToggleStatus: 'La messagerie privée est {state}.',
  adminToggleOn: 'activée',
  adminToggleOff: 'désactivée',
  adminToggleOnHint: 'Les membres peuvent s’écrire.',
  adminToggleOffHint: 'Les membres ne voient aucun lien vers la messagerie ; les messages existants sont conservés.',
  adminToggleTurnOn: 'Activer la messagerie privée',
  adminToggleTurnOff: 'Désactiver la messagerie privée',
};
