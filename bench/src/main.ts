/**
 * `pnpm bench [--quick] [--no-postgres]`: builds (or reuses) the datasets, measures every
 * figure of issue 7 in this one run, prints them and writes bench/results/latest.json and
 * docs/performance.md. See bench/README.md.
 */
import { bareSqliteInsert, barePostgresInsert } from './bare-insert.js';
import { FULL_SIZES, QUICK_SIZES, type DatasetSize } from './dataset-plan.js';
import { ensurePostgresDataset } from './generate-postgres.js';
import { ensureSqliteDataset } from './generate-sqlite.js';
import { measureBadgePage } from './measure-badge.js';
import { type GroupTiming, stopLoadDriver } from './load.js';
import { type HttpFigures, measureHttp } from './measure-http.js';
import { measureSse } from './measure-sse.js';
import { type PruneFigures, measurePrune } from './measure-prune.js';
import { type UnreadTiming, measureUnreadPostgres, measureUnreadSqlite } from './measure-unread.js';
import { TARGETS, machineInfo, writeResults } from './report.js';
import { openRunner } from './sql-runner.js';
import { PG_URL, log } from './support.js';

const quick = process.argv.includes('--quick');
const withPostgres = !process.argv.includes('--no-postgres');
const [mainSize, smallSize] = (quick ? QUICK_SIZES : FULL_SIZES) as [DatasetSize, DatasetSize];
const timing: GroupTiming = quick ? { durationS: 2, warmupS: 1, rounds: 2, connections: 10 } : { durationS: 8, warmupS: 2, rounds: 4, connections: 10 };
const unreadBudgetMs = quick ? 400 : 2_000;
const sse = { streams: 2_000, sends: quick ? 50 : 200 };
// The prune runs until done (1M: about half a million messages); the time without it is split before and after.
const pruneTiming = quick ? { warmupS: 1, baselineS: 6, profileBatches: 10 } : { warmupS: 2, baselineS: 20, profileBatches: 20 };

const figures: Record<string, number> = {};
const notes: string[] = [];
const details: Record<string, unknown> = {};
const seconds: Record<string, number> = {};
const started = performance.now();

async function phase<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
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

function unreadFigures(prefix: string, timing: UnreadTiming | undefined): void {
  if (!timing) return;
  figures[`${prefix}unread_speedup_vs_laravel_messenger`] = timing.ms.laravelMessenger / timing.ms.ours;
  figures[`${prefix}unread_speedup_vs_mailboxer`] = timing.ms.mailboxer / timing.ms.ours;
  details[`${prefix}unread`] = timing;
  log(
    `${prefix || 'sqlite '}unread: ours ${timing.ms.ours.toFixed(3)} ms, laravel-messenger ${timing.ms.laravelMessenger.toFixed(2)} ms, mailboxer ${timing.ms.mailboxer.toFixed(2)} ms`,
  );
}

function httpFigures(prefix: string, http: HttpFigures | undefined): void {
  if (!http) return;
  const { runs, ...ratios } = http;
  for (const [name, value] of Object.entries(ratios)) if (value !== undefined) figures[`${prefix}${name}`] = value;
  details[`${prefix}http`] = runs;
}

log(`${quick ? 'QUICK run (data ten times smaller than the targets assume)' : 'full run'}; datasets ${mainSize.label} and ${smallSize.label}`);
const sqliteMain = await ensureSqliteDataset(mainSize);
const sqliteSmall = await ensureSqliteDataset(smallSize);
const pg = withPostgres ? await phase('postgres data', async () => ({ main: await ensurePostgresDataset(mainSize), small: await ensurePostgresDataset(smallSize) })) : undefined;
if (!withPostgres) notes.push('Postgres figures left out (--no-postgres).');
if (pg) {
  notes.push(
    "Postgres: the bench REINDEXes the participants and threads tables after its own writes. Each send rewrites every member's participant row with a new last_activity_at (a non-HOT update), so ~15,000 sends left the newest end of a busy member's inbox index full of dead entries: 140 index pages read for the first inbox page instead of 5, even after VACUUM (pg_inbox_scale_ratio was 1.35 before the bench settled the tables). A live database needs autovacuum kept close behind, and may want a periodic REINDEX CONCURRENTLY of messaging_participants_inbox.",
  );
  // A crash of an earlier run may have left its writes' dead index entries behind.
  await phase('postgres settle', async () => {
    for (const schema of [pg.main.schema, pg.small.schema]) {
      const runner = await openRunner({ postgres: { connectionString: PG_URL, schema } });
      await runner.settle();
      await runner.close();
    }
  });
}
seconds['data'] = Number(((performance.now() - started) / 1000).toFixed(1));

unreadFigures('', await phase('sqlite unread', () => measureUnreadSqlite(sqliteMain.file, unreadBudgetMs)));
if (pg) unreadFigures('pg_', await phase('postgres unread', () => measureUnreadPostgres(pg.main.schema, unreadBudgetMs)));

const sqliteDbs = { main: { sqlite: sqliteMain.file }, small: { sqlite: sqliteSmall.file } };
const sizes = { main: mainSize, small: smallSize };
httpFigures(
  '',
  await phase('sqlite http', async () => {
    const bare = bareSqliteInsert();
    try {
      return await measureHttp(sqliteDbs, sizes, { path: '/bare/insert', routes: bare.routes }, timing, 'sqlite');
    } finally {
      bare.close();
    }
  }),
);
if (pg) {
  const pgDb = (schema: string) => ({ postgres: { connectionString: PG_URL, schema } });
  httpFigures(
    'pg_',
    await phase('postgres http', async () => {
      const bare = await barePostgresInsert(pg.main.schema);
      try {
        return await measureHttp({ main: pgDb(pg.main.schema), small: pgDb(pg.small.schema) }, sizes, { path: '/bare/pg-insert', routes: bare.routes }, timing, 'pg');
      } finally {
        await bare.close();
      }
    }),
  );
}

const badge = await phase('sqlite badge page', () => measureBadgePage({ sqliteFile: sqliteMain.file }, timing, 'sqlite'));
if (badge) {
  figures.badge_page_ratio = badge.badge_page_ratio;
  details.badge_page = badge.runs;
  notes.push(`badge_page_ratio: ${badge.method}.`);
}
if (pg) {
  const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${pg.main.schema}`)}`;
  const pgBadge = await phase('postgres badge page', () => measureBadgePage({ postgresUrl: url }, timing, 'pg'));
  if (pgBadge) {
    figures.pg_badge_page_ratio = pgBadge.badge_page_ratio;
    details.pg_badge_page = pgBadge.runs;
  }
}

const live = await phase('sqlite sse', () => measureSse({ sqlite: sqliteMain.file }, mainSize, sse, 'sqlite'));
if (live) {
  figures.sse_2000_streams_mb = live.streams_mb;
  figures.sse_delivery_p50_ms = live.delivery_p50_ms;
  figures.sse_delivery_p99_ms = live.delivery_p99_ms;
  details.sse = live;
}
if (pg) {
  const pgLive = await phase('postgres sse', () => measureSse({ postgres: { connectionString: PG_URL, schema: pg.main.schema } }, mainSize, sse, 'pg', { crossProcess: true }));
  if (pgLive) {
    figures.pg_sse_2000_streams_mb = pgLive.streams_mb;
    figures.pg_sse_delivery_p50_ms = pgLive.delivery_p50_ms;
    figures.pg_sse_delivery_p99_ms = pgLive.delivery_p99_ms;
    details.pg_sse = pgLive;
    notes.push(
      "pg_sse_*: the streams are held on one server process and the messages sent through a second one in another process, so each event crosses the Postgres LISTEN/NOTIFY bus; SQLite's figures use the in-process bus (one process).",
    );
  }
}

function pruneFigures(prefix: string, prune: PruneFigures | undefined): void {
  if (!prune) return;
  figures[`${prefix}prune_added_max_ms`] = prune.added_max_ms;
  figures[`${prefix}prune_added_p99_ms`] = prune.added_p99_ms;
  figures[`${prefix}prune_seconds`] = prune.seconds;
  figures[`${prefix}prune_deleted_messages`] = prune.deleted_messages;
  details[`${prefix}prune`] = prune;
}
pruneFigures('', await phase('sqlite prune', () => measurePrune({ sqlite: sqliteMain.file }, mainSize, pruneTiming, 'sqlite')));
if (pg) pruneFigures('pg_', await phase('postgres prune', () => measurePrune({ postgresSchema: pg.main.schema }, mainSize, pruneTiming, 'pg')));

seconds.total = Number(((performance.now() - started) / 1000).toFixed(1));
const datasets = [mainSize, smallSize].map((s, i) => ({
  ...s,
  sqlite_generated_s: [sqliteMain, sqliteSmall][i]!.generatedMs === null ? 'cached' : Number((([sqliteMain, sqliteSmall][i]!.generatedMs ?? 0) / 1000).toFixed(1)),
}));
writeResults({ figures, machine: machineInfo(quick), datasets, notes, details, seconds });

console.log('');
console.log(`Results (${quick ? 'QUICK: data ten times smaller' : 'full'}), ${seconds.total} s:`);
for (const t of TARGETS) {
  for (const prefix of ['', 'pg_']) {
    const v = figures[`${prefix}${t.name}`];
    if (v === undefined) continue;
    const mark = t.text.startsWith('(') ? '' : t.met(v) ? '  met' : '  MISSED';
    console.log(`  ${`${prefix}${t.name}`.padEnd(40)} ${v.toFixed(3).padStart(10)}   target ${t.text}${mark}`);
  }
}
for (const n of notes) console.log(`  note: ${n}`);
console.log('Wrote bench/results/latest.json and docs/performance.md');
stopLoadDriver();
process.exit(0);
