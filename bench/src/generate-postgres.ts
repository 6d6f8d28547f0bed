import pg from 'pg';
import { createMessaging } from '@org/messaging';
import { BASELINE_SQL } from './baseline-schemas.js';
import type { DatasetSize } from './dataset-plan.js';
import { datasetBatches, FINALIZE_SQL } from './generate-rows.js';
import { PG_URL, cacheKey, log, noUsers, step } from './support.js';

/** The Postgres schema of a size: dropped and recreated when its cache key differs. */
const pgSchemaOf = (size: DatasetSize) => `bench_${size.label}`;

/** Column types for the unnest casts; every other column is text. */
const PG_TYPES: Record<string, string> = {
  'messaging_messages.id': 'bigint',
  'messaging_participants.unread_count': 'integer',
};

/**
 * Run once after generating a Postgres dataset, whose set-based passes
 * rewrote every participant and thread row: the tables as a restored dump would have them.
 * Never between or after the measurements: the dead entries the bench's own sends leave are
 * the package's to keep in check (issue 18), and the figures show whether it does.
 */
const SETTLE_POSTGRES_SQL = [
  'reindex table messaging_participants',
  'reindex table messaging_threads',
  'vacuum analyze messaging_participants, messaging_threads, messaging_messages',
];

/** A client whose search_path is the dataset's schema. */
export async function connectPg(schema: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  return client;
}

async function isComplete(client: pg.Client, size: DatasetSize): Promise<boolean> {
  try {
    const meta = await client.query('select key from bench_meta');
    const max = await client.query('select max(id)::int as id from messaging_messages');
    return meta.rows[0]?.key === cacheKey(size) && max.rows[0]?.id === size.messages;
  } catch {
    return false;
  }
}

/**
 * Gives `schema` the package's own tables (its migrations, so constraints and indexes are its
 * own), then opens a transaction on `client` with the secondary indexes dropped: a bulk load
 * is much faster without them. `rebuildIndexes` creates them again from their definitions.
 */
export async function migrateForBulkLoad(client: pg.Client, schema: string): Promise<{ rebuildIndexes(): Promise<void> }> {
  const messaging = createMessaging({ database: { postgres: { connectionString: PG_URL, schema } }, ...noUsers });
  await messaging.migrate();
  await messaging.close();
  await client.query(`set maintenance_work_mem = '256MB'`);
  await client.query('begin');
  const indexes = await client.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i
     where i.schemaname = $1 and i.tablename like 'messaging_%'
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [schema],
  );
  for (const index of indexes.rows) await client.query(`drop index ${index.indexname}`);
  return {
    async rebuildIndexes() {
      for (const index of indexes.rows) await client.query(index.indexdef);
    },
  };
}

/**
 * Ensures schema `bench_<label>` holds the dataset: the package's migrations, rows sent as
 * multi-row inserts over `unnest` arrays (secondary indexes dropped during the load, rebuilt
 * after), the set-based passes, the other libraries' tables, then REINDEX of the tables the
 * set-based passes rewrote and VACUUM ANALYZE (a live database's routine maintenance).
 */
export async function ensurePostgresDataset(size: DatasetSize): Promise<{ schema: string; generatedMs: number | null }> {
  const schema = pgSchemaOf(size);
  const client = await connectPg(schema);
  try {
    if (await isComplete(client, size)) return { schema, generatedMs: null };
    const started = performance.now();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query('set synchronous_commit = off');
    const load = await migrateForBulkLoad(client, schema);
    for (const batch of datasetBatches(size)) {
      const arrays = batch.columns.map((_, c) => batch.rows.map((row) => row[c]));
      const casts = batch.columns.map((column, c) => `$${c + 1}::${PG_TYPES[`${batch.table}.${column}`] ?? 'text'}[]`);
      const overriding = batch.table === 'messaging_messages' ? 'overriding system value' : '';
      await client.query(`insert into ${batch.table} (${batch.columns.join(', ')}) ${overriding} select * from unnest(${casts.join(', ')})`, arrays);
    }
    await load.rebuildIndexes();
    await client.query(`select setval(pg_get_serial_sequence('messaging_messages', 'id'), $1)`, [size.messages]);
    for (const sql of [...FINALIZE_SQL, ...BASELINE_SQL]) await step(sql, () => client.query(sql));
    await client.query('create table bench_meta (key text not null)');
    await client.query('insert into bench_meta (key) values ($1)', [cacheKey(size)]);
    await client.query('commit');
    for (const sql of SETTLE_POSTGRES_SQL) await client.query(sql);
    await client.query('vacuum analyze');
    const generatedMs = performance.now() - started;
    log(`generated Postgres ${schema} (${size.messages.toLocaleString('en')} messages) in ${(generatedMs / 1000).toFixed(1)} s`);
    return { schema, generatedMs };
  } finally {
    await client.end();
  }
}
