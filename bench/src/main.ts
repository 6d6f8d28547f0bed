/**
 * `pnpm bench [--quick] [--no-postgres] [--runs N]`: builds (or reuses) the datasets, measures every
 * figure RUNS times (at least 3) in this one invocation, prints the medians with min and max and
 * writes bench/results/latest.json and docs/performance.md (a quick run: bench/results/quick.json
 * only). See bench/README.md.
 */
import { bareSqliteInsert, barePostgresInsert } from './bare-insert.js';
import { FULL_SIZES, QUICK_SIZES, type DatasetSize } from './dataset-plan.js';
import { ensurePostgresDataset } from './generate-postgres.js';
import { ensureSqliteDataset } from './generate-sqlite.js';
import { type BadgeFigures, measureBadgePage } from './measure-badge.js';
import { type GroupTiming, stopLoadDriver } from './load.js';
import { type HttpFigures, measureHttp } from './measure-http.js';
import { inboxDepthDatabases, inboxDepthRun } from './measure-inbox-depth.js';
import { attachmentsDatabase, measureSendCost, measureUploadMemory } from './measure-attachments.js';
import { type SseFigures, measureSse } from './measure-sse.js';
import { measureGroupSend, measureNotifyCost, measureSendWithStreams, measureStreamMemory, streamsDatabase } from './measure-streams.js';
import { measureSendNotifications } from './measure-notify-send.js';
import { type PruneFigures, measurePrune } from './measure-prune.js';
import { searchRun } from './measure-search.js';
import { type UnreadTiming, measureUnreadPostgres, measureUnreadSqlite } from './measure-unread.js';
import { consoleLines, machineInfo, recordedSpreads, sourceInfo, writeResults } from './report.js';
import { PG_URL, RUNS, log, measureRepeated, recorded } from './support.js';

const quick = process.argv.includes('--quick');
const withPostgres = !process.argv.includes('--no-postgres');
const [mainSize, smallSize] = (quick ? QUICK_SIZES : FULL_SIZES) as [DatasetSize, DatasetSize];
// One run of a load figure: each URL warmed up, then measured in parts taking turns (load.ts).
// Every figure is measured RUNS times (support.ts), so a run is shorter than it was when there was one.
const timing: GroupTiming = quick ? { durationS: 2, warmupS: 1, rounds: 2, connections: 10 } : { durationS: 6, warmupS: 2, rounds: 3, connections: 10 };
const unreadBudgetMs = quick ? 300 : 1_000;
const sse = { streams: 2_000, sends: quick ? 50 : 200 };
// The prune runs until done (1M: about half a million messages); the time without it is split before and after.
const pruneTiming = quick ? { warmupS: 1, baselineS: 4, profileBatches: 10 } : { warmupS: 2, baselineS: 12, profileBatches: 20 };

const notes: string[] = [];
const seconds: Record<string, number> = {};
const started = performance.now();

// `--only a,b`: run only the phases whose name contains one of these (and the data they need); writes bench/results/partial.json only.
const only = process.argv.includes('--only') ? (process.argv[process.argv.indexOf('--only') + 1] ?? '').split(',').filter(Boolean) : undefined;
const wanted = (name: string) => !only || name === 'postgres data' || name === 'postgres settle' || only.some((o) => name.includes(o));

async function phase<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
  if (!wanted(name)) return undefined;
  const t0 = performance.now();
  try {
    return await run();
  } catch (err) {
    const text = `${name} failed: ${String((err as Error)?.message ?? err).split('\n')[0]}`;
    log(text);
    notes.push(text);
    return undefined;
  } finally {
    seconds[name] = Number(((performance.now() - t0) / 1000).toFixed(1));
  }
}

/** Prefixes every figure's name (`pg_` for Postgres). */
const prefixed = (prefix: string, figures: Record<string, number | undefined>) => Object.fromEntries(Object.entries(figures).map(([k, v]) => [`${prefix}${k}`, v]));

function unreadRun(prefix: string, timing: UnreadTiming) {
  log(
    `${prefix || 'sqlite '}unread: ours ${timing.ms.ours.toFixed(3)} ms, laravel-messenger ${timing.ms.laravelMessenger.toFixed(2)} ms, mailboxer ${timing.ms.mailboxer.toFixed(2)} ms`,
  );
  const figures = { unread_speedup_vs_laravel_messenger: timing.ms.laravelMessenger / timing.ms.ours, unread_speedup_vs_mailboxer: timing.ms.mailboxer / timing.ms.ours };
  return { figures: prefixed(prefix, figures), details: timing };
}

function httpRun(prefix: string, http: HttpFigures) {
  const { runs, ...ratios } = http;
  return { figures: prefixed(prefix, ratios), details: runs };
}

function sseRun(prefix: string, live: SseFigures) {
  // V8 heap growth after a full GC: RSS deltas depend on when the allocator returns pages and came out negative.
  const figures = { sse_2000_streams_mb: live.streams_heap_mb, sse_delivery_p50_ms: live.delivery_p50_ms, sse_delivery_p99_ms: live.delivery_p99_ms };
  return { figures: prefixed(prefix, figures), details: live };
}

function pruneRun(prefix: string, prune: PruneFigures) {
  const { added_max_ms, added_p99_ms, seconds, deleted_messages } = prune;
  return {
    figures: prefixed(prefix, { prune_added_max_ms: added_max_ms, prune_added_p99_ms: added_p99_ms, prune_seconds: seconds, prune_deleted_messages: deleted_messages }),
    details: prune,
  };
}

log(`${quick ? 'QUICK run (data ten times smaller than the targets assume)' : 'full run'}; datasets ${mainSize.label} and ${smallSize.label}`);
const sqliteMain = await ensureSqliteDataset(mainSize);
const sqliteSmall = await ensureSqliteDataset(smallSize);
const pg = withPostgres ? await phase('postgres data', async () => ({ main: await ensurePostgresDataset(mainSize), small: await ensurePostgresDataset(smallSize) })) : undefined;
if (!withPostgres) notes.push('Postgres figures left out (--no-postgres).');
if (pg) {
  notes.push(
    "Postgres: no REINDEX or VACUUM between or after the measurements (the server runs without autovacuum): each run reads the tables as the earlier runs' sends left them (issue 18).",
  );
}
seconds['data'] = Number(((performance.now() - started) / 1000).toFixed(1));

await phase('sqlite unread', () => measureRepeated('unread', async () => unreadRun('', await measureUnreadSqlite(sqliteMain.file, unreadBudgetMs))));
if (pg) await phase('postgres unread', () => measureRepeated('pg_unread', async () => unreadRun('pg_', await measureUnreadPostgres(pg.main.schema, unreadBudgetMs))));

const sqliteDbs = { main: { sqlite: sqliteMain.file }, small: { sqlite: sqliteSmall.file } };
const sizes = { main: mainSize, small: smallSize };
await phase('sqlite http', () =>
  measureRepeated('http', async () => {
    const bare = bareSqliteInsert();
    try {
      return httpRun('', await measureHttp(sqliteDbs, sizes, { path: '/bare/insert', routes: bare.routes }, timing, 'sqlite'));
    } finally {
      bare.close();
    }
  }),
);
if (pg) {
  const pgDb = (schema: string) => ({ postgres: { connectionString: PG_URL, schema } });
  await phase('postgres http', () =>
    measureRepeated('pg_http', async () => {
      const bare = await barePostgresInsert(pg.main.schema);
      try {
        return httpRun(
          'pg_',
          await measureHttp({ main: pgDb(pg.main.schema), small: pgDb(pg.small.schema) }, sizes, { path: '/bare/pg-insert', routes: bare.routes }, timing, 'pg'),
        );
      } finally {
        await bare.close();
      }
    }),
  );
}

const badgeRun = async (prefix: string, run: Promise<BadgeFigures>) => {
  const { runs, method, ...ratios } = await run;
  if (!notes.some((n) => n.startsWith('badge_page_ratio,'))) notes.push(`badge_page_ratio, badge_many_viewers_ratio: ${method}.`);
  return { figures: prefixed(prefix, ratios), details: runs };
};
await phase('sqlite badge page', () => measureRepeated('badge_page', () => badgeRun('', measureBadgePage({ sqliteFile: sqliteMain.file }, timing, 'sqlite'))));
if (pg) {
  const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${pg.main.schema}`)}`;
  await phase('postgres badge page', () => measureRepeated('pg_badge_page', () => badgeRun('pg_', measureBadgePage({ postgresUrl: url }, timing, 'pg'))));
}

await phase('sqlite sse', () => measureRepeated('sse', async () => sseRun('', await measureSse({ sqlite: sqliteMain.file }, mainSize, sse, 'sqlite'))));
if (pg) {
  const pgSse = () => measureSse({ postgres: { connectionString: PG_URL, schema: pg.main.schema } }, mainSize, sse, 'pg', { crossProcess: true });
  if (await phase('postgres sse', () => measureRepeated('pg_sse', async () => sseRun('pg_', await pgSse())))) {
    notes.push(
      "pg_sse_*: the streams are held on one server process and the messages sent through a second one in another process, so each event crosses the Postgres LISTEN/NOTIFY bus; SQLite's figures use the in-process bus (one process).",
    );
  }
}

await phase('sqlite prune', () => measureRepeated('prune', async () => pruneRun('', await measurePrune({ sqlite: sqliteMain.file }, mainSize, pruneTiming, 'sqlite'))));
if (pg)
  await phase('postgres prune', () =>
    measureRepeated('pg_prune', async () => pruneRun('pg_', await measurePrune({ postgresSchema: pg.main.schema }, mainSize, pruneTiming, 'pg'))),
  );

// New figures: measure each with measureRepeated (support.ts) inside phase(), as above.

// issue 16, search (measure-search.ts): alice's first page of search results / her first inbox page, and its growth small → main dataset.
await phase('sqlite search', () => measureRepeated('search', () => searchRun('', sqliteDbs, unreadBudgetMs)));
if (pg) {
  const pgSearchDb = (schema: string) => ({ postgres: { connectionString: PG_URL, schema } });
  await phase('postgres search', () =>
    measureRepeated('pg_search', () => searchRun('pg_', { main: pgSearchDb(pg.main.schema), small: pgSearchDb(pg.small.schema) }, unreadBudgetMs)),
  );
}

// issue 18, deep inbox pages: a member with 10,000 threads (--quick too: the 100k dataset).
const depth = await phase('inbox depth data', () => inboxDepthDatabases([mainSize, smallSize], pg !== undefined));
if (depth) {
  await phase('sqlite inbox depth', () => measureRepeated('inbox_depth', () => inboxDepthRun('', depth.sqlite, timing, unreadBudgetMs)));
  if (depth.postgres) await phase('postgres inbox depth', () => measureRepeated('pg_inbox_depth', () => inboxDepthRun('pg_', depth.postgres!, timing, unreadBudgetMs)));
}

// issue 18, live delivery (measure-streams.ts): many other members' streams, big groups, a stream's memory, NOTIFY under 10 and 50 senders.
for (const kind of pg ? (['sqlite', 'pg'] as const) : (['sqlite'] as const)) {
  // Phase names share "live-delivery", so `--only live-delivery` runs these alone.
  const db = await phase(`${kind} live-delivery data`, () => streamsDatabase(kind));
  if (!db) continue;
  await phase(`${kind} live-delivery send with streams`, () => measureRepeated(`${db.prefix}send_with_streams`, () => measureSendWithStreams(db, timing, 5_000)));
  await phase(`${kind} live-delivery group send`, () => measureRepeated(`${db.prefix}group_send`, () => measureGroupSend(db, timing)));
  if (kind === 'sqlite') await phase('sqlite live-delivery stream memory', () => measureRepeated('stream_heap', () => measureStreamMemory(db, 1_000)));
  else await phase('pg live-delivery notify cost', () => measureRepeated('pg_notify_send', () => measureNotifyCost(db, timing)));
  await phase(`${kind} live-delivery data dropped`, () => db.drop());
}

// issue 14, notifications (measure-notify-send.ts): sends with the notifications option on / off, on a fresh database (`--only notify-send`).
for (const kind of pg ? (['sqlite', 'pg'] as const) : (['sqlite'] as const)) {
  const db = await phase(`${kind} notify-send data`, () => streamsDatabase(kind));
  if (!db) continue;
  await phase(`${kind} notify-send`, () => measureRepeated(`${db.prefix}send_notify`, () => measureSendNotifications(db, timing)));
  await phase(`${kind} notify-send data dropped`, () => db.drop());
}

// issue 17, attachments (measure-attachments.ts): 20 parallel 10 MB uploads' memory, and what one attachment adds to a send (SQLite, database storage).
const files = await phase('attachments data', () => attachmentsDatabase());
if (files) {
  await phase('attachments upload memory', () => measureRepeated('attachments_upload', (run) => measureUploadMemory(files, run)));
  await phase('attachments send cost', () => measureRepeated('attachments_send', () => measureSendCost(files, quick ? 40 : 100)));
  await phase('attachments data dropped', () => files.drop());
}

seconds.total = Number(((performance.now() - started) / 1000).toFixed(1));
const datasets = [mainSize, smallSize].map((s, i) => ({
  ...s,
  sqlite_generated_s: [sqliteMain, sqliteSmall][i]!.generatedMs === null ? 'cached' : Number((([sqliteMain, sqliteSmall][i]!.generatedMs ?? 0) / 1000).toFixed(1)),
}));
const results = writeResults({ spreads: recordedSpreads(), machine: machineInfo(quick), partial: only, source: sourceInfo(), datasets, notes, details: recorded.details, seconds });

console.log('');
console.log(`Results (${quick ? 'QUICK: data ten times smaller' : 'full'}; median of ${RUNS} runs [min – max]), ${seconds.total} s:`);
for (const line of consoleLines(results)) console.log(`  ${line}`);
for (const n of notes) console.log(`  note: ${n}`);
console.log(`Wrote ${results.written.join(' and ')}`);
stopLoadDriver();
process.exit(0);
