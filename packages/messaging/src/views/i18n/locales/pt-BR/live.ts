import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: live. */
export const live: Catalogue['live'] = {
  deletedUser: 'Conta excluída',
  formerMember: 'Um ex-membro',
  report: 'Denunciar',
  edit: 'Editar',
  delete: 'Excluir',
  edited: 'editada',
  messageDeleted: 'Mensagem excluída',
  conversation: 'Conversa',
  members: 'Com {names}',
  membersAdded: '{actor} adicionou {names}',
  renamed: '{actor} renomeou a conversa para “{subject}”',
  nameRemoved: '{actor} removeu o nome da conversa',
  attachments: 'Anexos',
  sizeBytes: { one: '{count} byte', many: '{count} de bytes', other: '{count} bytes' },
  sizeKilobytes: '{size} KB',
  sizeMegabytes: '{size} MB',
  sizeGigabytes: '{size} GB',
  announceMessage: 'Nova mensagem de {name}',
  announceUnread: { one: '{count} mensagem não lida', many: '{count} de mensagens não lidas', other: '{count} mensagens não lidas' },
  announceNoMatch: 'Nenhum membro encontrado',
  announceFound: { one: '{count} membro encontrado', many: '{count} de membros encontrados', other: '{count} membros encontrados' },
  suggestionWrite: 'Escrever para {name}',
  suggestionAdd: 'Adicionar {name}',
};
