import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: moderation. */
export const moderation: Catalogue['moderation'] = {
  adminTitle: 'Mensagens diretas',
  adminLinksLabel: 'Moderação',
  backToSettings: 'Configurações de mensagens',

  limitsTitle: 'Limites de envio',
  limitsSaved: 'Salvo.',
  limitsBlankHint: 'Deixe um campo em branco para usar o valor padrão.',
  limitMessagesPerMinute: 'Mensagens por minuto, por membro',
  limitNewThreadsPerDay: 'Novas conversas por dia, por membro',
  limitMaxGroupParticipants: 'Máximo de outros membros em uma conversa em grupo',
  limitDefault: 'Padrão: {value}',
  limitsSave: 'Salvar limites',
  limitRangeError: 'Use um número inteiro de {min} a {max}.',

  reportsTitle: 'Mensagens denunciadas',
  doneDismiss: 'Denúncia descartada.',
  doneRemove: 'Mensagem removida. A conversa agora mostra "Mensagem removida pela moderação".',
  doneSuspend: 'Essa pessoa não pode mais enviar mensagens.',
  doneUnsuspend: 'Essa pessoa pode enviar mensagens de novo.',
  noReports: 'Nenhuma denúncia em aberto.',
  moreReports: 'Mais denúncias',
  reportHeading: '{reason}: {sender}, denúncia de {reporter}',
  reportNote: 'Observação de {name}: {note}',
  contextLabel: 'A mensagem denunciada e as mensagens em volta',
  reportedMarker: 'denunciada',
  deletedUser: 'Conta excluída',
  asReportedDeleted: '(como foi denunciada; apagada depois por quem enviou)',
  asReportedEdited: '(como foi denunciada; editada depois por quem enviou)',
  removedByModerator: 'Mensagem removida pela moderação',
  deletedBySender: 'Mensagem apagada',
  decisionLabel: 'Decisão',
  dismiss: 'Descartar denúncia',
  removeLink: 'Remover a mensagem…',
  suspendLink: 'Impedir {name} de enviar mensagens…',
  suspendedHeading: 'Membros impedidos de enviar mensagens',
  suspendedNobody: 'Ninguém.',
  suspendedSince: '{name} (desde {time})',
  unsuspendButton: 'Permitir que {name} envie mensagens de novo',

  confirmRemoveTitle: 'Remover esta mensagem?',
  confirmRemoveText:
    'Todos na conversa verão "Mensagem removida pela moderação" no lugar dela, e o texto será apagado. Isso não pode ser desfeito. Todas as denúncias em aberto desta mensagem serão encerradas.',
  confirmRemoveButton: 'Remover a mensagem',
  confirmSuspendTitle: 'Impedir {name} de enviar mensagens?',
  confirmSuspendDocTitle: 'Impedir este membro de enviar mensagens?',
  confirmSuspendText:
    '{name} não poderá iniciar conversas nem enviar mensagens até que a administração permita de novo. As denúncias em aberto dessa pessoa serão encerradas. As mensagens anteriores continuam.',
  confirmSuspendButton: 'Impedir {name} de enviar mensagens',
  cancel: 'Cancelar',
};
