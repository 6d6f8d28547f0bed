import { type Kysely, type Migration, sql } from 'kysely';
import { detectDialect } from '../connection/dialect.js';

/**
 * Schema version 11: attachments.
 * - `messaging_attachments`: one row per uploaded file. Staged (`thread_id`, `message_id` null)
 *   from the upload until a send links it in its own transaction (`ready`). `content_type` is
 *   the type read from the bytes, never the client's; `storage_key` (and `thumbnail_key` for an
 *   image) name the bytes in the storage adapter, so the row says where its bytes are wherever
 *   they live. No foreign key to messages: deleting a message must also delete bytes that may
 *   live outside the database, which the services do explicitly.
 * - `messaging_attachment_chunks`: the bytes of the default database storage, in chunks of
 *   256 KiB (`seq` from 0), so a file is streamed in and out and never held whole in memory.
 * Indexes: by message (a page's attachments), by uploader and time (the daily byte cap), by
 * status and time (the cleanup of uploads never attached), by storage and thumbnail key (the
 * cleanup of bytes no row names). Frozen once released.
 */
export const attachments: Migration = {
  async up(db: Kysely<any>) {
    const postgres = detectDialect(db) === 'postgres';
    await db.schema
      .createTable('messaging_attachments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('uploader_id', 'text', (c) => c.notNull())
      .addColumn('thread_id', 'text')
      .addColumn('message_id', 'bigint')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull().check(sql`size >= 0`))
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('thumbnail_key', 'text')
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('staged', 'ready')`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('messaging_attachments_message').on('messaging_attachments').column('message_id').execute();
    await db.schema.createIndex('messaging_attachments_thread').on('messaging_attachments').column('thread_id').execute();
    await db.schema.createIndex('messaging_attachments_uploader').on('messaging_attachments').columns(['uploader_id', 'created_at']).execute();
    await db.schema.createIndex('messaging_attachments_status').on('messaging_attachments').columns(['status', 'created_at']).execute();
    await db.schema.createIndex('messaging_attachments_storage_key').on('messaging_attachments').column('storage_key').execute();
    await db.schema.createIndex('messaging_attachments_thumbnail_key').on('messaging_attachments').column('thumbnail_key').execute();

    await db.schema
      .createTable('messaging_attachment_chunks')
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('data', postgres ? 'bytea' : 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('messaging_attachment_chunks_pk', ['storage_key', 'seq'])
      .execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('messaging_attachment_chunks').execute();
    await db.schema.dropTable('messaging_attachments').execute();
  },
};
