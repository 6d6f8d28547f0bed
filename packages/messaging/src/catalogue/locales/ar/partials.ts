import type { Catalogue } from '../en/index.js';

/** Arabic: partials. */
export const partials: Catalogue['partials'] = {
  navLinkLabel: 'الرسائل',
  navLinkUnread: {
    zero: '{label}، لا رسائل غير مقروءة',
    // The number as a digit right after the label: the link shows "الرسائل 1", and its name must contain that (axe label-content-name-mismatch).
    one: '{label}، {count} غير مقروءة',
    two: '{label}، {count} غير مقروءة',
    few: '{label}، {count} رسائل غير مقروءة',
    many: '{label}، {count} رسالة غير مقروءة',
    other: '{label}، {count} رسالة غير مقروءة',
  },
  messageButton: 'مراسلة',
  blockButton: 'حظر',
  unblockButton: 'إلغاء الحظر',
  adminToggleLegend: 'الرسائل المباشرة',
  adminToggleStatus: 'الرسائل المباشرة {state}.',
  adminToggleOn: 'مُفعّلة',
  adminToggleOff: 'مُعطّلة',
  adminToggleOnHint: 'يمكن للأعضاء مراسلة بعضهم بعضًا.',
  adminToggleOffHint: 'لا يرى الأعضاء أي روابط للرسائل؛ وتبقى الرسائل الموجودة محفوظة.',
  adminToggleTurnOn: 'تفعيل الرسائل المباشرة',
  adminToggleTurnOff: 'تعطيل الرسائل المباشرة',
};
