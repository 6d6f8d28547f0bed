import { type Kysely, type Migration, sql } from 'kysely';
import { detectDialect } from '../connection/dialect.js';

/** The SQLite FTS5 table over `messaging_messages.body` (external content: it stores no text of its own). */
export const SEARCH_TABLE = 'messaging_messages_search';
/** The Postgres GIN index over the words of `messaging_messages.body`. */
export const SEARCH_INDEX = 'messaging_messages_search';

/**
 * Schema version 8: full-text search over the messages that stand (`deleted_at` null).
 *
 * SQLite: an FTS5 table whose content is `messaging_messages` (so it keeps no copy of the
 * text), kept in step by triggers, so every write path (send, edit, delete, moderator removal,
 * prune, forget-user) updates it without knowing it exists. A message leaves the index as soon
 * as it is marked deleted; FTS5 needs the old text to remove a row (the 'delete' command).
 * `secure-delete` makes FTS5 remove a deleted row's words from the index b-tree at once
 * instead of leaving them until the next merge, so erased text does not stay readable in the
 * file (SQLite 3.44 on; better-sqlite3 12 has it). The tokenizer keeps diacritics, like
 * Postgres' 'simple' configuration, so both databases find the same words, and counts marks
 * (M*) as parts of words, as the services' word pattern does (services/search/search-terms.ts).
 *
 * Postgres: a stored generated column `search_vector`, `to_tsvector('simple', body)` of a
 * message that stands and null once it is deleted (so a removed message leaves the index),
 * with a GIN index. Stored rather than an expression index, so that a search walking the
 * newest messages checks each row cheaply (see services/search/message-search.ts); adding it
 * rewrites the table once. 'simple' lowercases and never stems, so every language is found,
 * by prefix too.
 *
 * Both build the index for the messages already there. Frozen once released.
 */
export const searchIndex: Migration = {
  async up(db: Kysely<any>) {
    if (detectDialect(db) === 'postgres') {
      // Stored, so a search that walks the newest messages checks each row without parsing its text again.
      await sql`alter table messaging_messages add column search_vector tsvector generated always as (case when deleted_at is null then to_tsvector('simple'::regconfig, body) end) stored`.execute(
        db,
      );
      await sql`create index ${sql.id(SEARCH_INDEX)} on messaging_messages using gin (search_vector)`.execute(db);
      return;
    }
    await sql`create virtual table ${sql.id(SEARCH_TABLE)} using fts5(body, content='messaging_messages', content_rowid='id', tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'")`.execute(
      db,
    );
    try {
      await sql`insert into ${sql.id(SEARCH_TABLE)} (${sql.id(SEARCH_TABLE)}, rank) values ('secure-delete', 1)`.execute(db);
    } catch (err) {
      throw new Error(`messaging: this SQLite (${await sqliteVersion(db)}) has no FTS5 'secure-delete' option; the search index needs SQLite 3.44 or later. (${String(err)})`);
    }
    // Only the messages that stand are indexed, so 'rebuild' (which would index every row of
    // the content table, removed ones too) must never be used; the index is filled here instead.
    await sql`insert into ${sql.id(SEARCH_TABLE)} (rowid, body) select id, body from messaging_messages where deleted_at is null`.execute(db);
    await createSearchTriggers(db);
  },

  async down(db: Kysely<any>) {
    if (detectDialect(db) === 'postgres') {
      await sql`drop index if exists ${sql.id(SEARCH_INDEX)}`.execute(db);
      await sql`alter table messaging_messages drop column if exists search_vector`.execute(db);
      return;
    }
    for (const trigger of ['insert', 'delete', 'update_old', 'update_new']) await sql`drop trigger if exists ${sql.id(`messaging_messages_search_${trigger}`)}`.execute(db);
    await sql`drop table if exists ${sql.id(SEARCH_TABLE)}`.execute(db);
  },
};

/**
 * SQLite: the triggers that keep the index in step with every write, as this version made
 * them (a message indexed in its own send). Migration 0012 replaces them, and its `down`
 * brings these back.
 */
export async function createSearchTriggers(db: Kysely<any>): Promise<void> {
  await sql`create trigger messaging_messages_search_insert after insert on messaging_messages when new.deleted_at is null begin
    insert into messaging_messages_search (rowid, body) values (new.id, new.body);
  end`.execute(db);
  await sql`create trigger messaging_messages_search_delete after delete on messaging_messages when old.deleted_at is null begin
    insert into messaging_messages_search (messaging_messages_search, rowid, body) values ('delete', old.id, old.body);
  end`.execute(db);
  // Only a change of the text or of the deleted mark touches the index (not a sender rewrite).
  await sql`create trigger messaging_messages_search_update_old after update of body, deleted_at on messaging_messages when old.deleted_at is null begin
    insert into messaging_messages_search (messaging_messages_search, rowid, body) values ('delete', old.id, old.body);
  end`.execute(db);
  await sql`create trigger messaging_messages_search_update_new after update of body, deleted_at on messaging_messages when new.deleted_at is null begin
    insert into messaging_messages_search (rowid, body) values (new.id, new.body);
  end`.execute(db);
}

async function sqliteVersion(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ v: string }>`select sqlite_version() as v`.execute(db);
  return rows[0]?.v ?? 'unknown version';
}
