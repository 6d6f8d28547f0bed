import type { ToggleProvider } from '@org/messaging';
import type { AppDatabase } from './app-db.js';

/**
 * The messaging switch kept in the host's own `settings` table, where the app's other
 * settings live. Reading it is one indexed SQLite lookup, so it is fresh on every request
 * and a flip on one process holds on every process at once.
 */
export function createSettingsToggle(db: AppDatabase): ToggleProvider {
  const read = db.prepare("select value from settings where key = 'messaging_enabled'");
  const write = db.prepare(
    "insert into settings (key, value, updated_at, updated_by) values ('messaging_enabled', ?, ?, ?) on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
  );
  return {
    isEnabled: () => (read.get() as { value: string } | undefined)?.value === 'on',
    setEnabled(enabled, actor) {
      write.run(enabled ? 'on' : 'off', new Date().toISOString(), actor === null ? null : Number(actor));
    },
  };
}
