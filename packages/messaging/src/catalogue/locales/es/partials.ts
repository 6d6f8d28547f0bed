import type { Catalogue } from '../en/index.js';

/** Spanish: partials. */
export const partials: Catalogue['partials'] = {
  navLinkLabel: 'Mensajes',
  navLinkUnread: { one: '{label}, {count} mensaje sin leer', many: '{label}, {count} de mensajes sin leer', other: '{label}, {count} mensajes sin leer' },
  messageButton: 'Enviar mensaje',
  blockButton: 'Bloquear',
  unblockButton: 'Desbloquear',
  adminToggleLegend: 'Mensajes privados',
  adminToggleStatus: 'Los mensajes privados están {state}.',
  adminToggleOn: 'activados',
  adminToggleOff: 'desactivados',
  adminToggleOnHint: 'Los miembros pueden escribirse entre sí.',
  adminToggleOffHint: 'Los miembros no ven ningún enlace a los mensajes; los mensajes existentes se conservan.',
  adminToggleTurnOn: 'Activar los mensajes privados',
  adminToggleTurnOff: 'Desactivar los mensajes privados',
};
