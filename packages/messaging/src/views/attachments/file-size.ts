import { english } from '../i18n/localization.js';
import type { Translator } from '../i18n/translator.js';

const UNITS = ['messages.sizeKilobytes', 'messages.sizeMegabytes', 'messages.sizeGigabytes'] as const;

/**
 * A file size in the member's words and digits: "512 bytes", "1 byte", "12.3 KB", "4 MB" in
 * English, "1,5 KB" in German (units of 1024, one decimal below 10, as file managers show them).
 */
export function fileSizeText(bytes: number, i18n: Translator): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return i18n.t('messages.sizeBytes', { count: Math.max(0, Math.round(bytes || 0)) });
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return i18n.t(UNITS[unit] as (typeof UNITS)[number], { size: value < 10 ? Math.round(value * 10) / 10 : Math.round(value) });
}

/** {@link fileSizeText} in English: for the API's error messages, which stay English. */
export function byteSizeText(bytes: number): string {
  return fileSizeText(bytes, english());
}
