import type { Command } from 'commander';
import { migrateToLatest } from '../../db/migrations/migrate.js';
import { announceBulkChange } from '../../services/live/bulk-change.js';
import { createDefaultToggleProvider } from '../../services/settings/toggle.js';
import { addDatabaseFlags, type DatabaseFlags, withDatabase } from '../database-flags.js';
import type { CliIo } from '../io.js';

/**
 * `messaging enable` and `messaging disable`: the default switch (kept in the messaging
 * database). A host that keeps the switch in its own settings flips it there instead.
 */
export function registerEnableDisable(program: Command, io: CliIo, run: (work: () => Promise<void>) => Promise<void>): void {
  for (const enabled of [true, false]) {
    const name = enabled ? 'enable' : 'disable';
    addDatabaseFlags(
      program
        .command(name)
        .description(
          enabled ? 'Switch messaging on (creates the tables first when the database is new).' : 'Switch messaging off; every thread and message is kept for when it is on again.',
        ),
    )
      .addHelpText(
        'after',
        `
This flips the default switch, kept in the messaging database. If your app passes its own
"toggle" option to createMessaging, flip it there instead: this command does not see it.

Examples:
  $ messaging ${name} --db data/messages.db
  $ messaging ${name} --postgres postgres://app@localhost/app`,
      )
      .action((flags: DatabaseFlags) =>
        run(() =>
          withDatabase(
            flags,
            io,
            async (handle) => {
              if (enabled) {
                const applied = await migrateToLatest(handle);
                if (applied.length > 0) io.out(`Initialized the messaging database ${handle.where} (applied ${applied.join(', ')}).`);
              }
              const provider = createDefaultToggleProvider(handle.db, { now: () => new Date().toISOString() });
              if ((await provider.readNow()) === enabled) {
                io.out(`Messaging is already ${enabled ? 'on' : 'off'} for ${handle.where}; nothing changed.`);
              } else {
                await provider.setEnabled(enabled, null);
                // Running servers close their open live streams at once: on Postgres they hear
                // this notice on their bus; on SQLite they see the file change.
                if (!enabled) announceBulkChange(handle.db);
                io.out(`Messaging is now ${enabled ? 'on' : 'off'} for ${handle.where}.`);
                io.out(enabled ? 'Running apps see the change within a few seconds.' : 'Running apps hide messaging within a few seconds; no thread or message was deleted.');
              }
              // The one case where the lines above are not true, and nothing else would say so.
              io.out('(An app that passes its own "toggle" option to createMessaging keeps its own switch: flip that one instead.)');
            },
            // enable creates the database; disable on a mistyped --db must not.
            enabled ? 'none' : 'file',
          ),
        ),
      );
  }
}
