import type { Command } from 'commander';
import { countNotificationsByStatus } from '../../db/operations/notification-counts.js';
import { readSchemaStatus } from '../../db/migrations/migrate.js';
import type { DatabaseHandle } from '../../db/connection/connect.js';
import { isUserId, MAX_USER_ID_LENGTH } from '../../services/conversations/ids.js';
import { nextDueNotifications, queueTestNotification } from '../../services/notifications/outbox-report.js';
import { addDatabaseFlags, type DatabaseFlags, withDatabase } from '../database-flags.js';
import { type CliIo, CliUserError } from '../io.js';

type Run = (work: () => Promise<void>) => Promise<void>;

/** The schema version that added the notification outbox (migration 0010). */
const NOTIFICATIONS_SCHEMA = 10;

async function requireOutbox(handle: DatabaseHandle): Promise<void> {
  const { version } = await readSchemaStatus(handle.db);
  if (version < NOTIFICATIONS_SCHEMA) {
    throw new CliUserError(
      `The messaging database ${handle.where} is at schema version ${version}; notifications need version ${NOTIFICATIONS_SCHEMA}: run "messaging migrate" first.`,
    );
  }
}

/** A host's error text on one short line (it is the host's `send` failure, never message text). */
function shortLine(text: string | null): string {
  if (!text) return '';
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

function registerPending(parent: Command, io: CliIo, run: Run): void {
  addDatabaseFlags(
    parent
      .command('pending')
      .description('Counts of the notification outbox by status, and the next notifications due (no message text).')
      .option('--limit <n>', 'how many of the next due notifications to list (1-1000)', '20')
      .option('--json', 'print the counts and rows as JSON'),
  )
    .addHelpText(
      'after',
      `
"Due" is when the app's delivery loop may send (or retry) it, in UTC. A notification "sending"
whose due time has passed was claimed by a process that stopped: it is retried.

Examples:
  $ messaging notifications pending
  $ messaging notifications pending --limit 100 --json`,
    )
    .action((flags: DatabaseFlags & { limit: string; json?: boolean }) =>
      run(async () => {
        const limit = Number(flags.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliUserError('--limit must be a whole number from 1 to 1000.');
        await withDatabase(flags, io, async (handle) => {
          await requireOutbox(handle);
          const [counts, rows] = await Promise.all([countNotificationsByStatus(handle.db), nextDueNotifications(handle.db, limit)]);
          if (flags.json) {
            io.out(JSON.stringify({ counts, next: rows }, null, 2));
            return;
          }
          io.out(`Database:  ${handle.where}`);
          io.out(`Outbox:    ${counts.pending} pending, ${counts.sending} sending, ${counts.sent} sent, ${counts.failed} failed, ${counts.skipped} skipped`);
          if (rows.length === 0) {
            io.out('Next due:  none');
            return;
          }
          io.out('');
          io.out('Due (UTC)                 Status   Kind          Attempts  Recipient  Thread  Last error');
          for (const r of rows) {
            const cells = [
              r.nextAttemptAt.padEnd(24),
              r.status.padEnd(7),
              r.kind.padEnd(12),
              String(r.attempts).padStart(8),
              r.recipientId.padEnd(9),
              (r.threadId ?? '-').padEnd(6),
              shortLine(r.lastError),
            ];
            io.out(cells.join('  ').trimEnd());
          }
        });
      }),
    );
}

function registerSendTest(parent: Command, io: CliIo, run: Run): void {
  addDatabaseFlags(
    parent
      .command('send-test')
      .argument('<userId>', "the member's id in your app")
      .description("Queue a test notification for a member; the running app's delivery loop sends it through its send()."),
  )
    .addHelpText(
      'after',
      `
This command has no mailer: it writes a 'test' row to the outbox in the database. The app
(with the notifications option set, and worker on, or a job calling
messaging.notifications.deliverDue()) picks it up within its poll interval and hands it to
its send(), the same way as real notifications. Follow it with "messaging notifications pending".

Examples:
  $ messaging notifications send-test 42
  $ messaging notifications send-test 42 --postgres postgres://localhost/app`,
    )
    .action((userId: string, flags: DatabaseFlags) =>
      run(async () => {
        if (userId.trim() === '' || !isUserId(userId)) throw new CliUserError(`Give the id of the member to notify (visible text, at most ${MAX_USER_ID_LENGTH} characters).`);
        await withDatabase(flags, io, async (handle) => {
          await requireOutbox(handle);
          const id = await queueTestNotification(handle.db, userId, new Date().toISOString());
          io.out(`Queued test notification ${id} for member ${userId}.`);
          io.out("The app's notification worker sends it through your notifications.send (this command cannot send mail itself).");
          io.out('See it leave the outbox with: messaging notifications pending');
        });
      }),
    );
}

/** `messaging notifications pending` and `messaging notifications send-test <userId>`. */
export function registerNotifications(program: Command, io: CliIo, run: Run): void {
  const parent = program.command('notifications').description('What the notification outbox holds, and a test notification for a member.');
  registerPending(parent, io, run);
  registerSendTest(parent, io, run);
}
