import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { MessagingContext } from '../../context.js';
import { SEARCH_TABLE } from '../../db/migrations/0008-search-index.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import { isMessageId } from '../conversations/ids.js';
import { clampLimit, type ServiceDeps } from '../conversations/service-deps.js';
import type { Message, Page, Participant } from '../conversations/types.js';
import { type ExcerptPart, matchesAll, searchExcerpt } from './search-excerpt.js';
import type { SearchIndexBacklog } from './search-index-backlog.js';
import { fts5Match, type SearchTerm, searchTerms } from './search-terms.js';

/** Options of `searchMessages`. */
export interface SearchMessagesOptions {
  /** The `nextCursor` of the page before; absent for the first page. */
  cursor?: string;
  /** Results per page. @default 20 (at most 100) */
  limit?: number;
}

/** One message that matches a search. */
export interface SearchResult {
  threadId: string;
  /** The thread as a list names it: its subject and its current members. */
  thread: { id: string; subject: string | null; participants: Participant[] };
  /** Who wrote the message ("Deleted user" for an id the users adapter no longer knows). */
  sender: Participant;
  message: Message;
  /** A short piece of the message around the first match, matching words as parts of their own (plain text: escape it). */
  excerpt: ExcerptPart[];
}

interface MatchRow {
  id: string | number;
  thread_id: string;
  sender_id: string;
  body: string;
  created_at: string;
  edited_at: string | null;
}

function decodeSearchCursor(cursor: string): string {
  if (isMessageId(cursor)) return cursor;
  throw new MessagingError('invalid_request', 'The cursor is not valid.', {
    details: [{ in: 'query', field: 'cursor', message: 'must be a nextCursor this API returned' }],
  });
}

/**
 * Which rows a viewer may find, the same on both databases: messages that stand (not deleted,
 * removed or erased) in threads the viewer is in now (a thread they left shows nothing), and
 * in a group they were added to only those after they joined (`joined_after_message_id`).
 */
const visibleTo = (viewerId: string) => sql`
  m.deleted_at is null
  and p.user_id = ${viewerId}
  and p.left_at is null
  and (p.joined_after_message_id is null or m.id > p.joined_after_message_id)`;

/**
 * SQLite: the FTS5 table read newest first (`order by rowid desc`), each match joined to its
 * message and the viewer's participant row by primary key.
 */
function sqliteQuery(viewerId: string, terms: SearchTerm[], before: string | undefined, limit: number): RawBuilder<MatchRow> {
  return sql<MatchRow>`
    select m.id, m.thread_id, m.sender_id, m.body, m.created_at, m.edited_at
    from ${sql.id(SEARCH_TABLE)} s
    join messaging_messages m on m.id = s.rowid
    join messaging_participants p on p.thread_id = m.thread_id
    where ${sql.id(SEARCH_TABLE)} match ${fts5Match(terms)}
      and ${visibleTo(viewerId)}
      ${before === undefined ? sql`` : sql`and s.rowid < ${BigInt(before)}`}
    order by s.rowid desc
    limit ${limit}`;
}

/** The newest messages a SQLite search checks one by one before it asks FTS5. */
const SQLITE_WINDOWS = [2_000, 8_000];

/**
 * SQLite, in steps: FTS5 builds the whole list of a prefix's matches before it hands over the
 * first (a common word: every message that holds it, whoever's), so the newest messages below
 * the cursor are read first, in {@link SQLITE_WINDOWS}: only the viewer's visible ones (each
 * joined to their participant row by primary key: `cross join` keeps SQLite from starting at
 * the member's thousands of participant rows instead) come back, and their words are checked here, as FTS5 splits and
 * folds them. Only when those hold too few matches does FTS5 answer for the older messages.
 */
async function sqliteSearch(
  db: Kysely<MessagingDatabase>,
  backlog: SearchIndexBacklog | undefined,
  viewerId: string,
  terms: SearchTerm[],
  before: string | undefined,
  limit: number,
): Promise<MatchRow[]> {
  const found: MatchRow[] = [];
  let end = before;
  for (const size of SQLITE_WINDOWS) {
    const below = end === undefined ? sql`` : sql`and id < ${BigInt(end)}`;
    const { rows } = await sql<MatchRow>`
      select m.id, m.thread_id, m.sender_id, m.body, m.created_at, m.edited_at
      from (select id, thread_id, sender_id, body, created_at, edited_at, deleted_at from messaging_messages where true ${below} order by id desc limit ${size}) m
      cross join messaging_participants p
      where p.thread_id = m.thread_id and ${visibleTo(viewerId)}
      order by m.id desc`.execute(db);
    for (const row of rows) {
      if (!matchesAll(row.body, terms)) continue;
      found.push(row);
      if (found.length >= limit) return found;
    }
    const edge = await sql<{ end: string | number | null; n: string | number }>`
      select min(id) as end, count(*) as n from (select id from messaging_messages where true ${below} order by id desc limit ${size}) w`.execute(db);
    const last = edge.rows[0];
    if (!last || last.end === null || Number(last.n) < size) return found;
    end = String(last.end);
  }
  // New messages reach the index in batches after their sends: the ones still waiting go in first.
  await backlog?.catchUp();
  const older = await sqliteQuery(viewerId, terms, end, limit - found.length).execute(db);
  return [...found, ...older.rows];
}

/**
 * How many of the newest messages a Postgres search walks, one window after the other, before
 * it asks the GIN index for the older ones (about 18,000 rows at most: a few ms).
 */
const WINDOWS = [2_000, 16_000];

/**
 * Postgres, in steps, because neither plan alone is safe. Walking the newest messages
 * backwards (primary key) and checking each stored `search_vector` finds a common word's
 * newest matches at once, but for a rare word it would read the whole table; the GIN index
 * finds a rare word at once, but hands over every match of a common one to be fetched and
 * sorted. So: the newest messages below the cursor are walked in {@link WINDOWS}; only when
 * they hold too few matches, the GIN index (a materialized CTE, so the planner cannot turn it
 * back into a walk) answers for the messages older than the last window. Each window selects
 * its rows itself: joined back by id, the planner would answer it from the whole GIN index.
 * Each word is its own `to_tsquery`, the word passed as a parameter and quoted by
 * `quote_literal`, so nothing the member typed is read as tsquery syntax; `:*` makes it a prefix.
 */
async function postgresSearch(db: Kysely<MessagingDatabase>, viewerId: string, terms: SearchTerm[], before: string | undefined, limit: number): Promise<MatchRow[]> {
  const query = sql.join(
    terms.map((t) => sql`to_tsquery('simple'::regconfig, quote_literal(${t.text}::text) || ${t.prefix ? ':*' : ''}::text)`),
    sql` && `,
  );
  const columns = sql`m.id, m.thread_id, m.sender_id, m.body, m.created_at, m.edited_at`;
  const found: MatchRow[] = [];
  let end = before;
  for (const size of WINDOWS) {
    const below = end === undefined ? sql`` : sql`and id < ${end}`;
    const { rows } = await sql<MatchRow>`
      select ${columns}
      from (select id, thread_id, sender_id, body, created_at, edited_at, deleted_at, search_vector from messaging_messages where true ${below} order by id desc limit ${size}) m
      join messaging_participants p on p.thread_id = m.thread_id
      where m.search_vector @@ (${query}) and ${visibleTo(viewerId)}
      order by m.id desc
      limit ${limit - found.length}`.execute(db);
    found.push(...rows);
    if (found.length >= limit) return found;
    // Where the window ended; fewer rows than its size: it reached the oldest message.
    const edge = await sql<{ end: string | number | null; n: string | number }>`
      select min(id) as end, count(*) as n from (select id from messaging_messages where true ${below} order by id desc limit ${size}) w`.execute(db);
    const last = edge.rows[0];
    if (!last || last.end === null || Number(last.n) < size) return found;
    end = String(last.end);
  }
  const older = await sql<MatchRow>`
    with hits as materialized (select id from messaging_messages where search_vector @@ (${query}) and id < ${end})
    select ${columns}
    from hits
    join messaging_messages m on m.id = hits.id
    join messaging_participants p on p.thread_id = m.thread_id
    where ${visibleTo(viewerId)}
    order by m.id desc
    limit ${limit - found.length}`.execute(db);
  return [...found, ...older.rows];
}

/** The subject and current members of the threads of a page, and every person named, with one users lookup. */
async function threadsOf(ctx: MessagingContext, directory: ServiceDeps['directory'], rows: MatchRow[]) {
  const ids = [...new Set(rows.map((r) => r.thread_id))];
  const db = ctx.database.db;
  const [subjects, members] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          db.selectFrom('messaging_threads').select(['id', 'subject']).where('id', 'in', ids).execute(),
          db
            .selectFrom('messaging_participants')
            .select(['thread_id', 'user_id'])
            .where('thread_id', 'in', ids)
            .where('left_at', 'is', null)
            .orderBy('joined_at')
            .orderBy('user_id')
            .execute(),
        ]);
  const people = await directory.resolve([...members.map((m) => m.user_id), ...rows.map((r) => r.sender_id)]);
  const threads = new Map(subjects.map((t) => [t.id, { id: t.id, subject: t.subject, participants: [] as Participant[] }]));
  for (const m of members) threads.get(m.thread_id)?.participants.push(people.get(m.user_id));
  return { threads, people };
}

/**
 * The viewer's messages (theirs and others', in threads they are in) that hold every word of
 * `q`, each word also found as the start of a longer one; newest first, continued by keyset
 * on the message id (ids grow with time, so one column orders and continues the list).
 * Throws 400 `invalid_request` for an empty, too long or wordless `q` or a forged cursor.
 */
export async function searchMessages(
  { ctx, directory, searchBacklog }: ServiceDeps,
  viewerId: string,
  q: string,
  options: SearchMessagesOptions = {},
): Promise<Page<SearchResult>> {
  const terms = searchTerms(q);
  const limit = clampLimit(options.limit);
  const before = options.cursor === undefined ? undefined : decodeSearchCursor(options.cursor);
  const { db, capabilities } = ctx.database;
  const rows =
    capabilities.name === 'postgres' ? await postgresSearch(db, viewerId, terms, before, limit + 1) : await sqliteSearch(db, searchBacklog, viewerId, terms, before, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const { threads, people } = await threadsOf(ctx, directory, page);
  return {
    items: page.map((m) => ({
      threadId: m.thread_id,
      thread: threads.get(m.thread_id) ?? { id: m.thread_id, subject: null, participants: [] },
      sender: people.get(m.sender_id),
      message: {
        id: String(m.id),
        threadId: m.thread_id,
        senderId: m.sender_id,
        body: m.body,
        createdAt: m.created_at,
        ...(m.edited_at ? { editedAt: m.edited_at } : {}),
      },
      excerpt: searchExcerpt(m.body, terms),
    })),
    nextCursor: rows.length > limit && last ? String(last.id) : null,
  };
}
