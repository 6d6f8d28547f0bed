import { type BenchDatabase, startBenchServer } from './bench-server.js';
import { type DatasetSize, FULL_SIZES, HEAVY_MEMBER } from './dataset-plan.js';
import { ensurePostgresDataset } from './generate-postgres.js';
import { ensureSqliteDataset } from './generate-sqlite.js';
import { type GroupTiming, type LoadResult, loadGroup, pairedRatio } from './load.js';
import { openRunner, type SqlRunner } from './sql-runner.js';
import { PG_URL, log, median } from './support.js';

export interface InboxDepthFigures {
  /** Time per request of the inbox's last full page / its first page, same member. */
  inbox_depth_ratio: number;
  /** How many threads the member's inbox holds (the walk's length). */
  threads: number;
  /** Every load run behind the ratio, by name. */
  runs: Record<string, LoadResult>;
  /**
   * The page's own SQL straight on the database, first, middle and last page: the row-value keyset
   * the package runs, and the `a < ? OR (a = ? AND b < ?)` form it ran before, for comparison.
   * Median microseconds; on Postgres also the buffers EXPLAIN (ANALYZE, BUFFERS) counts.
   */
  sql: Record<string, { us: number; buffers?: number }>;
}

const PAGE = 20;

const select = `select p.thread_id, t.subject, t.last_message_id, t.last_message_at, p.unread_count, p.last_activity_at
  from messaging_participants p join messaging_threads t on t.id = p.thread_id
  where p.user_id = $1 and p.left_at is null and p.archived_at is null`;
const order = `order by p.last_activity_at desc, p.thread_id desc limit ${PAGE + 1}`;
const PAGE_SQL = {
  first: `${select} ${order}`,
  row_value: `${select} and (p.last_activity_at, p.thread_id) < ($2, $3) ${order}`,
  or_form: `${select} and (p.last_activity_at < $2 or (p.last_activity_at = $2 and p.thread_id < $3)) ${order}`,
};

/** Median time of one statement over a fixed budget, in microseconds. */
async function timeSql(runner: SqlRunner, text: string, params: unknown[], budgetMs: number): Promise<number> {
  for (let i = 0; i < 20; i++) await runner.query(text, params);
  const times: number[] = [];
  const end = performance.now() + budgetMs;
  while (performance.now() < end || times.length < 20) {
    const t0 = performance.now();
    await runner.query(text, params);
    times.push((performance.now() - t0) * 1000);
  }
  return median(times);
}

/** Buffers (shared hit + read) Postgres touches for the statement, from EXPLAIN (ANALYZE, BUFFERS). */
async function buffersOf(runner: SqlRunner, text: string, params: unknown[]): Promise<number> {
  const [row] = await runner.query<{ 'QUERY PLAN': Array<{ Plan: Record<string, number> }> }>(`explain (analyze, buffers, format json) ${text}`, params);
  const plan = row!['QUERY PLAN'][0]!.Plan;
  return (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
}

/**
 * issue 18, "Deep inbox pages": the first page of the heavy member's inbox (10,000 threads)
 * against its last full page, both `GET /messages/api/threads` on one bench server measured
 * as a group (see loadGroup). The last page's cursor comes from walking the whole inbox page
 * by page, as a member scrolling to the end would. Read-only: the dataset stays as generated.
 */
export async function measureInboxDepth(database: BenchDatabase, timing: GroupTiming, label: string, sqlBudgetMs: number): Promise<InboxDepthFigures> {
  const server = await startBenchServer(database);
  const runs: Record<string, LoadResult> = {};
  try {
    let cursor: string | undefined;
    let lastFull: string | undefined;
    const cursors: string[] = [];
    let threads = 0;
    do {
      const page = await server.messaging.conversations.listThreads(HEAVY_MEMBER, { limit: PAGE, ...(cursor ? { cursor } : {}) });
      threads += page.items.length;
      if (page.items.length === PAGE && cursor) lastFull = cursor;
      cursor = page.nextCursor ?? undefined;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    if (!lastFull) throw new Error(`${label} inbox depth: member ${HEAVY_MEMBER} has one page only (${threads} threads)`);
    const headers = { 'x-bench-user': HEAVY_MEMBER };
    const inbox = `${server.url}/messages/api/threads`;
    const results = await loadGroup(
      [
        { name: 'inbox_first_page', options: { url: inbox, headers } },
        { name: 'inbox_last_page', options: { url: `${inbox}?cursor=${encodeURIComponent(lastFull)}`, headers } },
      ],
      timing,
    );
    for (const [name, result] of results) {
      if (result.failures > 0) throw new Error(`${label} ${name}: ${result.failures} of ${result.requests} requests failed`);
      runs[name] = result;
      log(`${label} ${name} (${threads} threads): ${result.rps.toFixed(0)} req/s, ${result.msPerRequest.toFixed(2)} ms/request`);
    }

    // The SQL alone, both keyset forms, at the same cursors: the last page and the middle one.
    const positionOf = (c: string) => JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as [string, string];
    const [at, threadId] = positionOf(lastFull);
    const [midAt, midThreadId] = positionOf(cursors[cursors.length >> 1]!);
    const runner = await openRunner(database);
    const sql: InboxDepthFigures['sql'] = {};
    try {
      const cases = {
        first_page: [PAGE_SQL.first, [HEAVY_MEMBER]],
        last_page_row_value: [PAGE_SQL.row_value, [HEAVY_MEMBER, at, threadId]],
        last_page_or_form: [PAGE_SQL.or_form, [HEAVY_MEMBER, at, threadId]],
        middle_page_row_value: [PAGE_SQL.row_value, [HEAVY_MEMBER, midAt, midThreadId]],
        middle_page_or_form: [PAGE_SQL.or_form, [HEAVY_MEMBER, midAt, midThreadId]],
      } as const;
      for (const [name, [text, params]] of Object.entries(cases)) {
        sql[name] = { us: Number((await timeSql(runner, text, [...params], sqlBudgetMs)).toFixed(1)) };
        if ('postgres' in database) sql[name]!.buffers = await buffersOf(runner, text, [...params]);
      }
    } finally {
      await runner.close();
    }
    log(
      `${label} inbox SQL: ${Object.entries(sql)
        .map(([k, v]) => `${k} ${v.us} µs${v.buffers === undefined ? '' : ` (${v.buffers} buffers)`}`)
        .join(', ')}`,
    );
    return { inbox_depth_ratio: pairedRatio(runs.inbox_last_page!, runs.inbox_first_page!, 'time'), threads, runs, sql };
  } finally {
    await server.close();
  }
}

/** The figure and details of one run, as `measureRepeated` (support.ts) takes them; `pg_` prefixes Postgres. */
export async function inboxDepthRun(prefix: '' | 'pg_', database: BenchDatabase, timing: GroupTiming, sqlBudgetMs: number) {
  const { inbox_depth_ratio, ...details } = await measureInboxDepth(database, timing, prefix ? 'pg' : 'sqlite', sqlBudgetMs);
  return { figures: { [`${prefix}inbox_depth_ratio`]: inbox_depth_ratio }, details };
}

/**
 * The datasets with a member of 10,000 threads: the run's own when it has one, else (`--quick`)
 * the full run's 100k one, generated once and cached like the others.
 */
export async function inboxDepthDatabases(sizes: DatasetSize[], withPostgres: boolean): Promise<{ size: DatasetSize; sqlite: BenchDatabase; postgres?: BenchDatabase }> {
  const size = sizes.find((s) => s.heavyThreads >= 10_000) ?? FULL_SIZES.find((s) => s.label === '100k')!;
  const sqlite = { sqlite: (await ensureSqliteDataset(size)).file };
  if (!withPostgres) return { size, sqlite };
  return { size, sqlite, postgres: { postgres: { connectionString: PG_URL, schema: (await ensurePostgresDataset(size)).schema } } };
}
