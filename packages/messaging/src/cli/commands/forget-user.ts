import type { Command } from 'commander';
import { type ForgetMode, forgetUser } from '../../services/operations/forget-user.js';
import { addDatabaseFlags, type DatabaseFlags, withDatabase } from '../database-flags.js';
import { type CliIo, CliUserError } from '../io.js';

interface ForgetFlags extends DatabaseFlags {
  mode: string;
  yes?: boolean;
}

export function registerForgetUser(program: Command, io: CliIo, run: (work: () => Promise<void>) => Promise<void>): void {
  addDatabaseFlags(
    program
      .command('forget-user')
      .argument('<id>', "the member's id in your app")
      .description('Remove a deleted member from the messaging database (anonymise or erase their messages).')
      .option('--mode <mode>', 'anonymise: keep the text under "Deleted user"; erase: delete the text too', 'anonymise')
      .option('--yes', 'do it (without it, the command only says what it would change)'),
  )
    .addHelpText(
      'after',
      `
Both modes replace the member's id everywhere by a random tombstone id (shown as "Deleted
user"), mark them as having left their threads, and delete their blocks and stored request
answers. The other members' threads, unread counts and inboxes stay right. It cannot be
undone: take a backup first.

It runs outside your app, so your app's onUnreadChange hook is not called: if the app keeps
its own copy of unread totals, call messaging.forgetUser(id) from the app instead (or have
the app call messaging.resyncUnread() afterwards).

Examples:
  $ messaging forget-user 42                     # shows what would change
  $ messaging forget-user 42 --yes               # anonymise
  $ messaging forget-user 42 --mode erase --yes  # also delete the text of their messages`,
    )
    .action((id: string, flags: ForgetFlags) =>
      run(async () => {
        const userId = id.trim();
        if (userId === '') throw new CliUserError('Give the id of the member to forget.');
        if (flags.mode !== 'erase' && flags.mode !== 'anonymise') throw new CliUserError(`--mode must be "erase" or "anonymise", not "${flags.mode}".`);
        const mode = flags.mode as ForgetMode;
        await withDatabase(flags, io, async (handle) => {
          const db = handle.db;
          if (!flags.yes) {
            const count = async (query: Promise<{ n: string | number } | undefined>) => Number((await query)?.n ?? 0);
            const messages = await count(
              db
                .selectFrom('messaging_messages')
                .select((eb) => eb.fn.countAll<string | number>().as('n'))
                .where('sender_id', '=', userId)
                .executeTakeFirst(),
            );
            const threads = await count(
              db
                .selectFrom('messaging_participants')
                .select((eb) => eb.fn.countAll<string | number>().as('n'))
                .where('user_id', '=', userId)
                .executeTakeFirst(),
            );
            const blocks = await count(
              db
                .selectFrom('messaging_blocks')
                .select((eb) => eb.fn.countAll<string | number>().as('n'))
                .where((eb) => eb.or([eb('blocker_id', '=', userId), eb('blocked_id', '=', userId)]))
                .executeTakeFirst(),
            );
            io.out(`Member ${userId} in ${handle.where}: ${messages} message(s) in ${threads} thread(s), ${blocks} block(s) made or received.`);
            if (messages === 0 && threads === 0) io.out('No message or thread has this id: check it is the id your app uses for the member.');
            io.out(`With --yes, their messages would be ${mode === 'erase' ? 'erased (text deleted)' : 'anonymised (text kept, sender "Deleted user")'}.`);
            // Exit 1: a deletion job that forgot --yes must not look as if it had worked.
            throw new CliUserError('nothing was changed: add --yes to forget this member (this cannot be undone).');
          }
          const result = await forgetUser(db, userId, { mode });
          if (result.messages === 0 && result.threads === 0 && result.blocks === 0 && result.idempotencyKeys === 0 && result.files === 0) {
            io.out(`Member ${userId} has nothing in ${handle.where}; nothing changed.`);
            return;
          }
          io.out(`Forgot member ${userId} in ${handle.where} (${mode}):`);
          io.out(`  messages ${mode === 'erase' ? 'erased' : 'anonymised'}: ${result.messages}`);
          io.out(`  threads left:        ${result.threads} (now shown with "Deleted user", id ${result.tombstoneId})`);
          io.out(`  blocks deleted:      ${result.blocks}`);
          io.out(`  stored answers deleted: ${result.idempotencyKeys}`);
          io.out(`  files removed:       ${result.files}${mode === 'erase' ? '' : ' (uploads never sent; files on their messages stay, like the text)'}`);
        });
      }),
    );
}
