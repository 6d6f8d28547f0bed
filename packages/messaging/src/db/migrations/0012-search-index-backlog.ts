import { type Kysely, type Migration, sql } from 'kysely';
import { detectDialect } from '../connection/dialect.js';
import { createSearchTriggers, SEARCH_TABLE } from './0008-search-index.js';

/** SQLite: the one row saying up to which message id the search index is written. */
export const SEARCH_PROGRESS_TABLE = 'messaging_search_progress';

/**
 * Schema version 12: on SQLite, a new message reaches the search index in batches after its
 * send, no longer inside the send's transaction.
 *
 * Each FTS5 transaction writes a segment of its own and merges the index's segments as they
 * pile up: indexing one message per send cost ~300 µs of a ~640 µs send on a 1M-message file,
 * where indexing the same messages 1,000 at a time costs 3–12 µs each. So the insert trigger
 * goes, and `messaging_search_progress` keeps `indexed_to`: every message with an id up to it
 * is in the index exactly when it stands (`deleted_at` null); those above it wait for the next
 * batch (services/search/search-index-backlog.ts), which runs shortly after a send and before
 * a search needs the index. Ids only grow (AUTOINCREMENT) and every writer holds SQLite's
 * single write lock, so no message can appear below the mark once it has passed.
 *
 * The delete and update triggers remove or re-add words only for a message below the mark:
 * FTS5 removes a row by the words it was given, and removing words of a row it never indexed
 * would corrupt the index. A message edited or deleted before its batch is indexed as it then
 * stands, or not at all.
 *
 * Postgres: nothing (its stored `search_vector` and GIN index cost a send little). Frozen once
 * released.
 */
export const searchIndexBacklog: Migration = {
  async up(db: Kysely<any>) {
    if (detectDialect(db) === 'postgres') return;
    await sql`create table ${sql.id(SEARCH_PROGRESS_TABLE)} (id integer primary key check (id = 1), indexed_to integer not null)`.execute(db);
    await sql`insert into ${sql.id(SEARCH_PROGRESS_TABLE)} (id, indexed_to) select 1, coalesce(max(id), 0) from messaging_messages`.execute(db);
    for (const trigger of ['insert', 'delete', 'update_old', 'update_new']) await sql`drop trigger if exists ${sql.id(`messaging_messages_search_${trigger}`)}`.execute(db);
    const indexed = (row: 'old' | 'new') => sql.raw(`${row}.deleted_at is null and ${row}.id <= (select indexed_to from ${SEARCH_PROGRESS_TABLE} where id = 1)`);
    await sql`create trigger messaging_messages_search_delete after delete on messaging_messages when ${indexed('old')} begin
      insert into ${sql.id(SEARCH_TABLE)} (${sql.id(SEARCH_TABLE)}, rowid, body) values ('delete', old.id, old.body);
    end`.execute(db);
    // Only a change of the text or of the deleted mark touches the index (not a sender rewrite).
    await sql`create trigger messaging_messages_search_update_old after update of body, deleted_at on messaging_messages when ${indexed('old')} begin
      insert into ${sql.id(SEARCH_TABLE)} (${sql.id(SEARCH_TABLE)}, rowid, body) values ('delete', old.id, old.body);
    end`.execute(db);
    await sql`create trigger messaging_messages_search_update_new after update of body, deleted_at on messaging_messages when ${indexed('new')} begin
      insert into ${sql.id(SEARCH_TABLE)} (rowid, body) values (new.id, new.body);
    end`.execute(db);
  },

  async down(db: Kysely<any>) {
    if (detectDialect(db) === 'postgres') return;
    // The waiting messages are indexed first, then 0008's triggers come back.
    await sql`insert into ${sql.id(SEARCH_TABLE)} (rowid, body) select id, body from messaging_messages
      where id > (select indexed_to from ${sql.id(SEARCH_PROGRESS_TABLE)} where id = 1) and deleted_at is null`.execute(db);
    for (const trigger of ['delete', 'update_old', 'update_new']) await sql`drop trigger if exists ${sql.id(`messaging_messages_search_${trigger}`)}`.execute(db);
    await sql`drop table ${sql.id(SEARCH_PROGRESS_TABLE)}`.execute(db);
    await createSearchTriggers(db);
  },
};
