import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: live. */
export const live: Catalogue['live'] = {
  announceMessage: 'Nova mensagem de {name}',
  announceUnread: { one: '{count} mensagem não lida', many: '{count} de mensagens não lidas', other: '{count} mensagens não lidas' },
  announceNoMatch: 'Nenhum membro encontrado',
  announceFound: { one: '{count} membro encontrado', many: '{count} de membros encontrados', other: '{count} membros encontrados' },
};
