import type { Catalogue } from '../en/index.js';

/** Brazilian Portuguese: partials. */
export const partials: Catalogue['partials'] = {
  navLinkLabel: 'Mensagens',
  navLinkUnread: { one: '{label}, {count} mensagem não lida', many: '{label}, {count} de mensagens não lidas', other: '{label}, {count} mensagens não lidas' },
  messageButton: 'Enviar mensagem',
  blockButton: 'Bloquear',
  unblockButton: 'Desbloquear',
  adminToggleLegend: 'Mensagens diretas',
  adminToggleStatus: 'As mensagens diretas estão {state}.',
  adminToggleOn: 'ativadas',
  adminToggleOff: 'desativadas',
  adminToggleOnHint: 'Os membros podem trocar mensagens entre si.',
  adminToggleOffHint: 'Os membros não veem nenhum link para as mensagens; as mensagens existentes são mantidas.',
  adminToggleTurnOn: 'Ativar as mensagens diretas',
  adminToggleTurnOff: 'Desativar as mensagens diretas',
};
