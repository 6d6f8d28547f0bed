import type { Catalogue } from '../en/index.js';

/** German: partials. */
export const partials: Catalogue['partials'] = {
  navLinkLabel: 'Nachrichten',
  navLinkUnread: { one: '{label}, {count} ungelesene Nachricht', other: '{label}, {count} ungelesene Nachrichten' },
  messageButton: 'Nachricht',
  blockButton: 'Blockieren',
  unblockButton: 'Blockierung aufheben',
  adminToggleLegend: 'Direktnachrichten',
  adminToggleStatus: 'Direktnachrichten sind {state}.',
  adminToggleOn: 'eingeschaltet',
  adminToggleOff: 'ausgeschaltet',
  adminToggleOnHint: 'Mitglieder können einander Nachrichten schreiben.',
  adminToggleOffHint: 'Mitglieder sehen keine Links zu Nachrichten; vorhandene Nachrichten bleiben erhalten.',
  adminToggleTurnOn: 'Direktnachrichten einschalten',
  adminToggleTurnOff: 'Direktnachrichten ausschalten',
};
