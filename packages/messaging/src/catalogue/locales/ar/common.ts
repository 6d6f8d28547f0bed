import type { Catalogue } from '../en/index.js';

/** Arabic: common. */
export const common: Catalogue['common'] = {
  conversation: 'محادثة',
  others: { zero: 'لا أحد غيرهم', one: 'شخص آخر', two: 'شخصان آخران', few: '{count} أشخاص آخرين', many: '{count} شخصًا آخر', other: '{count} شخص آخر' },
  timeInZone: '{time} ({zone})',
};
