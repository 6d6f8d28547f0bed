import { sql } from 'kysely';
import type { MessagingContext } from '../../context.js';
import { SEARCH_TABLE } from '../../db/migrations/0008-search-index.js';
import { SEARCH_PROGRESS_TABLE } from '../../db/migrations/0012-search-index-backlog.js';

/** Messages indexed per transaction: a few ms of SQLite's write lock (~5 ms for 2,000 on a 1M-message file). */
export const SEARCH_INDEX_BATCH = 2_000;

/** How soon after a send the waiting messages are indexed: a second's sends share one batch. */
export const SEARCH_INDEX_DELAY_MS = 1_000;

/**
 * SQLite's search index written in batches after the sends (migration 0012 says why). Every
 * process on the file takes part: each indexes shortly after its own sends, and a search
 * indexes what still waits before it asks the index. Postgres indexes in the send itself:
 * both calls do nothing there.
 */
export interface SearchIndexBacklog {
  /**
   * Indexes every message committed before the call that is not in the index yet, one
   * transaction per {@link SEARCH_INDEX_BATCH}; only reads when none waits. Calls while a run
   * is under way share the next run.
   */
  catchUp(): Promise<void>;
  /** Stops indexing after sends and waits for a batch under way; what still waits stays for the next process or search. */
  close(): Promise<void>;
}

const NOTHING: SearchIndexBacklog = { catchUp: async () => {}, close: async () => {} };

/** The backlog of one instance: on SQLite it indexes {@link SEARCH_INDEX_DELAY_MS} after a `message.sent`. */
export function createSearchIndexBacklog(ctx: MessagingContext): SearchIndexBacklog {
  if (ctx.database.capabilities.name !== 'sqlite') return NOTHING;
  const { db } = ctx.database;
  const progress = sql.id(SEARCH_PROGRESS_TABLE);
  const index = sql.id(SEARCH_TABLE);
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let active: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const waiting = async () => {
    const { rows } = await sql<{ waiting: number | null }>`
      select (select max(id) from messaging_messages) > (select indexed_to from ${progress} where id = 1) as waiting`.execute(db);
    return Boolean(rows[0]?.waiting);
  };

  /** One batch in BEGIN IMMEDIATE: the mark is read under the write lock, so two processes never index a message twice. */
  const batch = () =>
    db.transaction().execute(async (trx) => {
      const from = (await sql<{ indexed_to: number }>`select indexed_to from ${progress} where id = 1`.execute(trx)).rows[0]?.indexed_to ?? 0;
      const edge = (
        await sql<{ upto: number | null; n: number }>`
          select max(id) as upto, count(*) as n from (select id from messaging_messages where id > ${from} order by id limit ${SEARCH_INDEX_BATCH})`.execute(trx)
      ).rows[0];
      if (!edge || edge.upto === null) return 0;
      await sql`insert into ${index} (rowid, body) select id, body from messaging_messages where id > ${from} and id <= ${edge.upto} and deleted_at is null`.execute(trx);
      await sql`update ${progress} set indexed_to = ${edge.upto} where id = 1`.execute(trx);
      return Number(edge.n);
    });

  async function run(): Promise<void> {
    if (!(await waiting())) return;
    while (!closed && (await batch()) === SEARCH_INDEX_BATCH) {
      // The next batch after the requests that waited for this one.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  function catchUp(): Promise<void> {
    if (!active) {
      active = run().finally(() => {
        active = undefined;
      });
      return active;
    }
    // A run under way may have read its range before the caller's message committed.
    queued ??= active
      .catch(() => {})
      .then(() => {
        queued = undefined;
        return catchUp();
      });
    return queued;
  }

  const stopListening = ctx.events.on('message.sent', () => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      catchUp().catch((err) => ctx.logger.warn({ err }, 'messaging: could not add new messages to the search index; the next send or search tries again'));
    }, SEARCH_INDEX_DELAY_MS);
    timer.unref();
  });

  return {
    catchUp: () => (closed ? Promise.resolve() : catchUp()),
    async close() {
      closed = true;
      stopListening();
      clearTimeout(timer);
      await Promise.allSettled([active, queued]);
    },
  };
}
