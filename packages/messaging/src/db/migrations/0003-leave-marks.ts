import type { Kysely, Migration } from 'kysely';

/**
 * Schema version 3: `messaging_participants.left_after_message_id`, the thread's latest message
 * when the member left it (null while they are in it). A member's data export stops there, so it
 * never holds what others wrote after they left. A time cannot mark it: several messages share
 * a millisecond, and a send's time is read before it commits. Rows that left before this
 * version get the last message written at or before their `left_at`. Frozen once released.
 */
export const leaveMarks: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('messaging_participants').addColumn('left_after_message_id', 'bigint').execute();
    await db
      .updateTable('messaging_participants')
      .set((eb: any) => ({
        left_after_message_id: eb
          .selectFrom('messaging_messages as m')
          .select((e: any) => e.fn.max('m.id').as('last'))
          .whereRef('m.thread_id', '=', 'messaging_participants.thread_id')
          .whereRef('m.created_at', '<=', 'messaging_participants.left_at'),
      }))
      .where('left_at', 'is not', null)
      .execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.alterTable('messaging_participants').dropColumn('left_after_message_id').execute();
  },
};
