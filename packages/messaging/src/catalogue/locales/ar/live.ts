import type { Catalogue } from '../en/index.js';

/** Arabic: live. */
export const live: Catalogue['live'] = {
  announceMessage: 'رسالة جديدة من {name}',
  announceUnread: {
    zero: 'لا رسائل غير مقروءة',
    one: 'رسالة واحدة غير مقروءة',
    two: 'رسالتان غير مقروءتين',
    few: '{count} رسائل غير مقروءة',
    many: '{count} رسالة غير مقروءة',
    other: '{count} رسالة غير مقروءة',
  },
  announceNoMatch: 'لا يوجد عضو مطابق',
  announceFound: {
    zero: 'لم يُعثر على أي عضو',
    one: 'عُثر على عضو واحد',
    two: 'عُثر على عضوين',
    few: 'عُثر على {count} أعضاء',
    many: 'عُثر على {count} عضوًا',
    other: 'عُثر على {count} عضو',
  },
};
