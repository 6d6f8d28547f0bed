import { type Kysely, type Migration, sql } from 'kysely';
import { detectDialect } from '../connection/dialect.js';

/**
 * Schema version 1. Frozen once released: later changes go in a new migration.
 * Takes `Kysely<any>` on purpose: a migration must not follow the schema types as they change.
 */
export const initial: Migration = {
  async up(db: Kysely<any>) {
    const postgres = detectDialect(db) === 'postgres';

    await db.schema
      .createTable('messaging_threads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('direct', 'group')`))
      .addColumn('subject', 'text')
      .addColumn('direct_key', 'text', (c) => c.unique())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_message_at', 'text', (c) => c.notNull())
      .addColumn('last_message_id', 'bigint')
      .execute();

    await db.schema
      .createTable('messaging_participants')
      .addColumn('thread_id', 'text', (c) => c.notNull().references('messaging_threads.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('joined_at', 'text', (c) => c.notNull())
      .addColumn('last_read_message_id', 'bigint')
      .addColumn('unread_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`unread_count >= 0`))
      .addColumn('last_activity_at', 'text', (c) => c.notNull())
      .addColumn('archived_at', 'text')
      .addColumn('muted_at', 'text')
      .addColumn('left_at', 'text')
      .addPrimaryKeyConstraint('messaging_participants_pkey', ['thread_id', 'user_id'])
      .execute();
    // A user's inbox, newest activity first, as one index range (read backwards).
    await db.schema.createIndex('messaging_participants_inbox').on('messaging_participants').columns(['user_id', 'last_activity_at', 'thread_id']).execute();
    // The nav badge: only the rows that count toward it (unread, not muted, not left), so the
    // total is read from the index alone, costs what the number of unread threads costs and
    // never counts messages. The conditions must match the badge query's (unread-notify.ts).
    await db.schema
      .createIndex('messaging_participants_unread')
      .on('messaging_participants')
      // muted_at and left_at are always null here; listing them lets SQLite answer from the
      // index alone (it re-checks the WHERE terms with the columns it reads).
      .columns(['user_id', 'unread_count', 'muted_at', 'left_at'])
      .where(sql.ref('unread_count'), '>', 0)
      .where(sql.ref('muted_at'), 'is', null)
      .where(sql.ref('left_at'), 'is', null)
      .execute();

    await db.schema
      .createTable('messaging_messages')
      .addColumn('id', postgres ? 'bigint' : 'integer', (c) => (postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement()))
      .addColumn('thread_id', 'text', (c) => c.notNull().references('messaging_threads.id').onDelete('cascade'))
      .addColumn('sender_id', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('edited_at', 'text')
      .addColumn('deleted_at', 'text')
      // Who removed the message (a moderator's id) and why ('moderator'); null while it stands.
      .addColumn('deleted_by', 'text')
      .addColumn('deleted_reason', 'text')
      .execute();
    await db.schema.createIndex('messaging_messages_thread').on('messaging_messages').columns(['thread_id', 'id']).execute();
    await db.schema.createIndex('messaging_messages_sender').on('messaging_messages').columns(['sender_id', 'id']).execute();
    await db.schema.createIndex('messaging_messages_created').on('messaging_messages').column('created_at').execute();

    await db.schema
      .createTable('messaging_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();

    await db.schema
      .createTable('messaging_blocks')
      .addColumn('blocker_id', 'text', (c) => c.notNull())
      .addColumn('blocked_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('messaging_blocks_pkey', ['blocker_id', 'blocked_id'])
      .execute();
    await db.schema.createIndex('messaging_blocks_blocked').on('messaging_blocks').columns(['blocked_id', 'blocker_id']).execute();

    await db.schema
      .createTable('messaging_idempotency_keys')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('messaging_idempotency_keys_pkey', ['user_id', 'key'])
      .execute();
    await db.schema.createIndex('messaging_idempotency_keys_created').on('messaging_idempotency_keys').column('created_at').execute();

    // Who may start a conversation with a member; a member without a row takes 'everyone'.
    await db.schema
      .createTable('messaging_member_preferences')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('who_can_message', 'text', (c) => c.notNull().check(sql`who_can_message in ('everyone', 'contacts', 'nobody')`))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    // Members a moderator stopped from messaging altogether (site-wide).
    await db.schema
      .createTable('messaging_suspensions')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('reason', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('messaging_reports')
      .addColumn('id', postgres ? 'bigint' : 'integer', (c) => (postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement()))
      .addColumn('message_id', 'bigint', (c) => c.notNull().references('messaging_messages.id').onDelete('cascade'))
      .addColumn('thread_id', 'text', (c) => c.notNull().references('messaging_threads.id').onDelete('cascade'))
      .addColumn('reporter_id', 'text', (c) => c.notNull())
      .addColumn('sender_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'dismissed', 'message_deleted', 'sender_suspended')`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('resolved_by', 'text')
      .execute();
    // One report per member and message; the review page reads the open ones in order.
    await db.schema.createIndex('messaging_reports_reporter').on('messaging_reports').columns(['message_id', 'reporter_id']).unique().execute();
    await db.schema.createIndex('messaging_reports_status').on('messaging_reports').columns(['status', 'id']).execute();
  },

  async down(db: Kysely<any>) {
    for (const table of [
      'messaging_reports',
      'messaging_suspensions',
      'messaging_member_preferences',
      'messaging_idempotency_keys',
      'messaging_blocks',
      'messaging_settings',
      'messaging_messages',
      'messaging_participants',
      'messaging_threads',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
