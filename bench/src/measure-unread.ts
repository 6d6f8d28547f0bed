import Database from 'better-sqlite3';
import { BASELINE_INDEXES, BASELINE_TABLES, UNREAD_QUERIES } from './baseline-schemas.js';
import { HEAVY_MEMBER } from './dataset-plan.js';
import { connectPg } from './generate-postgres.js';
import { median } from './support.js';

type Shape = keyof typeof UNREAD_QUERIES;
const SHAPES = Object.keys(UNREAD_QUERIES) as Shape[];

/** Ours binds the member id as text (our ids are strings); theirs use integer user ids. */
const paramOf = (shape: Shape) => (shape === 'ours' ? HEAVY_MEMBER : Number(HEAVY_MEMBER));

export interface UnreadTiming {
  /** Median milliseconds per query, by shape. */
  ms: Record<Shape, number>;
  /** What each shape counted (theirs also count muted threads, which ours leave out). */
  counts: Record<Shape, number>;
  runs: Record<Shape, number>;
  /** The database's plan for each shape, for the notes. */
  plans: Record<Shape, string>;
}

/** Runs `once` until `budgetMs` is spent (at least 3 and at most 5,000 times, after one warm-up). */
async function timeShape(once: () => unknown, budgetMs: number): Promise<{ ms: number; runs: number }> {
  await once();
  const times: number[] = [];
  const end = performance.now() + budgetMs;
  while (times.length < 3 || (performance.now() < end && times.length < 5_000)) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return { ms: median(times), runs: times.length };
}

async function measure(run: (shape: Shape) => Promise<number> | number, plan: (shape: Shape) => Promise<string> | string, budgetMs: number): Promise<UnreadTiming> {
  const result = { ms: {}, counts: {}, runs: {}, plans: {} } as UnreadTiming;
  for (const shape of SHAPES) {
    result.counts[shape] = await run(shape);
    result.plans[shape] = await plan(shape);
    const { ms, runs } = await timeShape(() => run(shape), budgetMs);
    result.ms[shape] = ms;
    result.runs[shape] = runs;
  }
  return result;
}

/** Times the three unread-count shapes straight on the SQLite file (no HTTP, no Kysely). */
export async function measureUnreadSqlite(file: string, budgetMs: number): Promise<UnreadTiming> {
  const setup = new Database(file);
  try {
    for (const sql of BASELINE_INDEXES) setup.exec(sql);
    const hasStats = setup.prepare("select 1 from sqlite_master where name = 'sqlite_stat1'").get() !== undefined;
    const analysed = new Set(hasStats ? (setup.prepare('select distinct tbl from sqlite_stat1').all() as { tbl: string }[]).map((r) => r.tbl) : []);
    for (const table of BASELINE_TABLES) if (!analysed.has(table)) setup.exec(`analyze ${table}`);
  } finally {
    setup.close();
  }
  const db = new Database(file, { readonly: true });
  try {
    const sqlOf = (shape: Shape) => UNREAD_QUERIES[shape].replaceAll('$1', '@id');
    const statements = Object.fromEntries(SHAPES.map((s) => [s, db.prepare(sqlOf(s))])) as Record<Shape, Database.Statement>;
    return await measure(
      (shape) => Number(Object.values(statements[shape].get({ id: paramOf(shape) }) as object)[0]),
      (shape) => (db.prepare(`explain query plan ${sqlOf(shape)}`).all({ id: paramOf(shape) }) as { detail: string }[]).map((r) => r.detail).join('; '),
      budgetMs,
    );
  } finally {
    db.close();
  }
}

/** The same on Postgres, over one connection. */
export async function measureUnreadPostgres(schema: string, budgetMs: number): Promise<UnreadTiming> {
  const client = await connectPg(schema);
  try {
    for (const sql of BASELINE_INDEXES) await client.query(sql);
    await client.query(`analyze ${BASELINE_TABLES.join(', ')}`);
    return await measure(
      async (shape) => Number(Object.values((await client.query({ text: UNREAD_QUERIES[shape], values: [paramOf(shape)], name: `unread_${shape}` })).rows[0])[0]),
      async (shape) => {
        const rows = await client.query(`explain (analyze, costs off, timing off, summary on) ${UNREAD_QUERIES[shape]}`, [paramOf(shape)]);
        return rows.rows.map((r) => String(r['QUERY PLAN']).trim()).join('; ');
      },
      budgetMs,
    );
  } finally {
    await client.end();
  }
}
