import { type Kysely, type Migration, sql } from 'kysely';
import { detectDialect } from '../connection/dialect.js';

/**
 * Schema version 9: conversations about something, and group membership.
 * - `messaging_threads.context_type`, `context_id`: the host-defined context a thread is about
 *   (a listing), null for none. A direct thread's `direct_key` then names the pair and the
 *   context (see services/conversations/direct-pair.ts), so a pair has one thread per context.
 * - `messaging_threads.pair_key`: the pair's own key (context left out) on every direct thread,
 *   so that a block can lock all of the pair's threads at once. Existing direct threads have no
 *   context: their pair key is their direct key.
 * - `messaging_participants.joined_after_message_id`: the thread's latest message when a member
 *   was added to an existing group; they see only what comes after it. Null for founding members.
 * - `messaging_thread_events`: the system lines of a thread (members added, renamed), placed
 *   after the message that was latest when they happened.
 * Frozen once released.
 */
export const conversationContextsAndMembership: Migration = {
  async up(db: Kysely<any>) {
    const postgres = detectDialect(db) === 'postgres';
    await db.schema.alterTable('messaging_threads').addColumn('context_type', 'text').execute();
    await db.schema.alterTable('messaging_threads').addColumn('context_id', 'text').execute();
    await db.schema.alterTable('messaging_threads').addColumn('pair_key', 'text').execute();
    await db
      .updateTable('messaging_threads')
      .set({ pair_key: sql.ref('direct_key') })
      .where('kind', '=', 'direct')
      .execute();
    await db.schema.createIndex('messaging_threads_pair_key').on('messaging_threads').column('pair_key').execute();
    await db.schema.alterTable('messaging_participants').addColumn('joined_after_message_id', 'bigint').execute();

    await db.schema
      .createTable('messaging_thread_events')
      .addColumn('id', postgres ? 'bigint' : 'integer', (c) => (postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement()))
      .addColumn('thread_id', 'text', (c) => c.notNull().references('messaging_threads.id').onDelete('cascade'))
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('members_added', 'renamed')`))
      .addColumn('user_ids', 'text')
      .addColumn('subject', 'text')
      .addColumn('after_message_id', 'bigint')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('messaging_thread_events_thread').on('messaging_thread_events').columns(['thread_id', 'id']).execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('messaging_thread_events').execute();
    await db.schema.alterTable('messaging_participants').dropColumn('joined_after_message_id').execute();
    await db.schema.dropIndex('messaging_threads_pair_key').execute();
    for (const column of ['pair_key', 'context_id', 'context_type']) await db.schema.alterTable('messaging_threads').dropColumn(column).execute();
  },
};
