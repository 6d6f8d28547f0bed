import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Schema version 10: notifications (issue 14).
 * - `messaging_member_preferences.notify_mode`: how a member hears about unread messages
 *   ('off', 'conversation', 'digest'); null takes the host's default. A row made only for it
 *   stores `who_can_message` 'everyone', which is what no row means.
 * - `messaging_notification_schedule`: what sending writes, one row per thread with something
 *   to tell. A send inserts it with ON CONFLICT DO NOTHING, so a burst keeps one row and the
 *   first due time (never two mails for one burst). The worker deletes it when it expands it.
 * - `messaging_notifications`: the durable outbox, one row per recipient and mail. `id` is
 *   what the host de-duplicates on (stable across retries). `next_attempt_at` is when the row
 *   may be claimed next; a claim sets it and `locked_until` to the lease's end, so a process
 *   that dies mid-send leaves a row another one retries after the lease.
 * - `messaging_notification_marks`: per member and thread, the thread's latest message when
 *   they were last told, so a per-conversation mail goes out once until they read past it.
 *   Its own table: participant rows are written on every send and read.
 * Frozen once released.
 */
export const notifications: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('messaging_member_preferences')
      .addColumn('notify_mode', 'text', (c) => c.check(sql`notify_mode in ('off', 'conversation', 'digest')`))
      .execute();

    await db.schema
      .createTable('messaging_notification_schedule')
      .addColumn('thread_id', 'text', (c) => c.primaryKey().references('messaging_threads.id').onDelete('cascade'))
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('first_message_id', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('messaging_notification_schedule_due').on('messaging_notification_schedule').columns(['due_at', 'thread_id']).execute();

    await db.schema
      .createTable('messaging_notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('recipient_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('conversation', 'digest', 'test')`))
      .addColumn('thread_id', 'text')
      .addColumn('message_id', 'bigint')
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed', 'skipped')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('last_error', 'text')
      .execute();
    // The worker's claim: only rows still to do, oldest due first.
    await db.schema
      .createIndex('messaging_notifications_due')
      .on('messaging_notifications')
      .columns(['next_attempt_at', 'id'])
      .where(sql.ref('status'), 'in', sql`('pending', 'sending')`)
      .execute();
    // forget-user, export, and the CLI's summary by recipient.
    await db.schema.createIndex('messaging_notifications_recipient').on('messaging_notifications').columns(['recipient_id', 'created_at']).execute();
    // prune: finished rows by age.
    await db.schema.createIndex('messaging_notifications_created').on('messaging_notifications').column('created_at').execute();

    await db.schema
      .createTable('messaging_notification_marks')
      .addColumn('thread_id', 'text', (c) => c.notNull().references('messaging_threads.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('notified_message_id', 'bigint', (c) => c.notNull())
      .addColumn('notified_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('messaging_notification_marks_pkey', ['thread_id', 'user_id'])
      .execute();
    await db.schema.createIndex('messaging_notification_marks_user').on('messaging_notification_marks').columns(['user_id', 'thread_id']).execute();
  },

  async down(db: Kysely<any>) {
    for (const table of ['messaging_notification_marks', 'messaging_notifications', 'messaging_notification_schedule']) await db.schema.dropTable(table).ifExists().execute();
    await db.schema.alterTable('messaging_member_preferences').dropColumn('notify_mode').execute();
  },
};
