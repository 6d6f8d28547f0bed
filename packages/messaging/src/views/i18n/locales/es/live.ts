import type { Catalogue } from '../en/index.js';

/** Spanish: live. */
export const live: Catalogue['live'] = {
  deletedUser: 'Cuenta eliminada',
  formerMember: 'Un antiguo miembro',
  report: 'Denunciar',
  edit: 'Editar',
  delete: 'Eliminar',
  edited: 'editado',
  messageDeleted: 'Mensaje eliminado',
  conversation: 'Conversación',
  members: 'Con {names}',
  membersAdded: '{actor} añadió a {names}',
  renamed: '{actor} cambió el nombre de la conversación a «{subject}»',
  nameRemoved: '{actor} quitó el nombre de la conversación',
  attachments: 'Archivos adjuntos',
  sizeBytes: { one: '{count} byte', many: '{count} de bytes', other: '{count} bytes' },
  sizeKilobytes: '{size} KB',
  sizeMegabytes: '{size} MB',
  sizeGigabytes: '{size} GB',
  announceMessage: 'Nuevo mensaje de {name}',
  announceUnread: { one: '{count} mensaje sin leer', many: '{count} de mensajes sin leer', other: '{count} mensajes sin leer' },
  announceNoMatch: 'Ningún miembro coincide',
  announceFound: { one: '{count} miembro encontrado', many: '{count} de miembros encontrados', other: '{count} miembros encontrados' },
  suggestionWrite: 'Escribir a {name}',
  suggestionAdd: 'Añadir a {name}',
};
