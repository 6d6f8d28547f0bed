import type { Catalogue } from '../en/index.js';

/** Spanish: live. */
export const live: Catalogue['live'] = {
  announceMessage: 'Nuevo mensaje de {name}',
  announceUnread: { one: '{count} mensaje sin leer', many: '{count} de mensajes sin leer', other: '{count} mensajes sin leer' },
  announceNoMatch: 'Ningún miembro coincide',
  announceFound: { one: '{count} miembro encontrado', many: '{count} de miembros encontrados', other: '{count} miembros encontrados' },
};
