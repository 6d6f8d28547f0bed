const UNITS = ['KB', 'MB', 'GB'] as const;

/**
 * A file size for people: "512 bytes", "1 byte", "12.3 KB", "4 MB" (units of 1024, one decimal
 * below 10, as file managers show them). The browser script keeps a copy (src/browser/attachment-list.ts).
 */
export function byteSizeText(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} byte${bytes === 1 ? '' : 's'}`;
  let value = bytes;
  let unit = 0;
  value /= 1024;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown} ${UNITS[unit]}`;
}
