import type { Catalogue } from '../en/index.js';

/** Spanish: moderation. */
export const moderation: Catalogue['moderation'] = {
  adminTitle: 'Mensajes directos',
  adminLinksLabel: 'Moderación',
  backToSettings: 'Ajustes de mensajes',

  limitsTitle: 'Límites de envío',
  limitsSaved: 'Guardado.',
  limitsBlankHint: 'Deja un campo vacío para usar su valor predeterminado.',
  limitMessagesPerMinute: 'Mensajes por minuto, por miembro',
  limitNewThreadsPerDay: 'Conversaciones nuevas por día, por miembro',
  limitMaxGroupParticipants: 'Máximo de otros miembros en una conversación de grupo',
  limitDefault: 'Predeterminado: {value}',
  limitsSave: 'Guardar límites',
  limitRangeError: 'Debe ser un número entero entre {min} y {max}.',

  reportsTitle: 'Mensajes denunciados',
  doneDismiss: 'Denuncia descartada.',
  doneRemove: 'Mensaje retirado. La conversación muestra ahora «Mensaje retirado por la moderación».',
  doneSuspend: 'Esa persona ya no puede enviar mensajes.',
  doneUnsuspend: 'Esa persona puede volver a enviar mensajes.',
  noReports: 'No hay denuncias pendientes.',
  moreReports: 'Más denuncias',
  reportHeading: '{reason}: {sender}, denuncia de {reporter}',
  reportNote: 'Nota de {name}: {note}',
  contextLabel: 'El mensaje denunciado y los mensajes de alrededor',
  reportedMarker: 'denunciado',
  deletedUser: 'Cuenta eliminada',
  asReportedDeleted: '(tal como se denunció; borrado después por quien lo envió)',
  asReportedEdited: '(tal como se denunció; editado después por quien lo envió)',
  removedByModerator: 'Mensaje retirado por la moderación',
  deletedBySender: 'Mensaje borrado',
  decisionLabel: 'Decisión',
  dismiss: 'Descartar denuncia',
  removeLink: 'Retirar el mensaje…',
  suspendLink: 'Impedir que {name} envíe mensajes…',
  suspendedHeading: 'Miembros que no pueden enviar mensajes',
  suspendedNobody: 'Nadie.',
  suspendedSince: '{name} (desde el {time})',
  unsuspendButton: 'Permitir que {name} vuelva a enviar mensajes',

  confirmRemoveTitle: '¿Retirar este mensaje?',
  confirmRemoveText:
    'Todas las personas de la conversación verán «Mensaje retirado por la moderación» en su lugar, y su texto se borra. No se puede deshacer. Se cierran todas las denuncias pendientes de este mensaje.',
  confirmRemoveButton: 'Retirar el mensaje',
  confirmSuspendTitle: '¿Impedir que {name} envíe mensajes?',
  confirmSuspendDocTitle: '¿Impedir que este miembro envíe mensajes?',
  confirmSuspendText:
    '{name} no podrá iniciar conversaciones ni enviar mensajes hasta que la administración se lo vuelva a permitir. Sus denuncias pendientes se cierran. Sus mensajes anteriores se quedan.',
  confirmSuspendButton: 'Impedir que {name} envíe mensajes',
  cancel: 'Cancelar',
};
