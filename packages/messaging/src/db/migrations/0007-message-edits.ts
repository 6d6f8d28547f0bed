import type { Kysely, Migration } from 'kysely';

/**
 * Schema version 7: `messaging_reports.body_snapshot`, what the message said when it was
 * reported, so that a sender who edits or deletes it afterwards cannot hide it from the
 * moderators. Reports made before this version take the message's text as it stands now (a
 * message already removed keeps null). `messaging_messages.edited_at` and `deleted_at` exist
 * since 0001. Frozen once released.
 */
export const messageEdits: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('messaging_reports').addColumn('body_snapshot', 'text').execute();
    await db
      .updateTable('messaging_reports')
      .set((eb: any) => ({
        body_snapshot: eb.selectFrom('messaging_messages as m').select('m.body').whereRef('m.id', '=', 'messaging_reports.message_id').where('m.deleted_at', 'is', null),
      }))
      .execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.alterTable('messaging_reports').dropColumn('body_snapshot').execute();
  },
};
