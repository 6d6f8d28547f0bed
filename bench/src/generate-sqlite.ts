import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createMessaging } from '@org/messaging';
import { BASELINE_SQL } from './baseline-schemas.js';
import type { DatasetSize } from './dataset-plan.js';
import { datasetBatches, FINALIZE_SQL } from './generate-rows.js';
import { DATA_DIR, cacheKey, log, noUsers, step } from './support.js';

/** Where the cached SQLite database of a size lives. */
const sqliteFileOf = (size: DatasetSize) => join(DATA_DIR, `${size.label}-${cacheKey(size)}.db`);

/** True when the cached file holds the whole dataset (the meta row is written last). */
function isComplete(file: string, size: DatasetSize): boolean {
  if (!existsSync(file)) return false;
  const db = new Database(file, { readonly: true });
  try {
    const meta = db.prepare('select key from bench_meta').get() as { key: string } | undefined;
    const max = db.prepare('select max(id) as id from messaging_messages').get() as { id: number };
    return meta?.key === cacheKey(size) && max.id === size.messages;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/**
 * Returns a migrated SQLite file holding the dataset, generating it unless a complete one
 * is cached: the package's own migrations, then every row in ONE transaction through
 * prepared statements (secondary indexes dropped during the load and rebuilt after), then
 * the set-based passes and the other libraries' tables.
 */
export async function ensureSqliteDataset(size: DatasetSize): Promise<{ file: string; generatedMs: number | null }> {
  const file = sqliteFileOf(size);
  if (isComplete(file, size)) return { file, generatedMs: null };
  const started = performance.now();
  mkdirSync(DATA_DIR, { recursive: true });
  // Files of this size made for another schema or generator version are stale.
  for (const f of readdirSync(DATA_DIR)) if (f.startsWith(`${size.label}-`)) rmSync(join(DATA_DIR, f), { force: true });
  const temp = `${file}.tmp`;
  for (const f of [temp, `${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });

  const messaging = createMessaging({ database: { sqlite: temp }, ...noUsers });
  await messaging.migrate();
  await messaging.close();

  const db = new Database(temp);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('foreign_keys = OFF');
  const indexes = db.prepare("select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name like 'messaging_%'").all() as {
    name: string;
    sql: string;
  }[];
  const statements = new Map<string, Database.Statement>();
  db.transaction(() => {
    for (const index of indexes) db.exec(`drop index ${index.name}`);
    for (const batch of datasetBatches(size)) {
      let insert = statements.get(batch.table);
      if (!insert) {
        insert = db.prepare(`insert into ${batch.table} (${batch.columns.join(', ')}) values (${batch.columns.map(() => '?').join(', ')})`);
        statements.set(batch.table, insert);
      }
      for (const row of batch.rows) insert.run(row);
    }
    for (const index of indexes) db.exec(index.sql);
    // The package indexes new messages for search in batches after their sends (its migration
    // 0012): the generated ones are indexed here at once, as a caught-up instance would have them.
    step('search index', () => {
      db.exec('insert into messaging_messages_search (rowid, body) select id, body from messaging_messages where deleted_at is null');
      db.exec('update messaging_search_progress set indexed_to = (select coalesce(max(id), 0) from messaging_messages)');
    });
    for (const sql of [...FINALIZE_SQL, ...BASELINE_SQL]) step(sql, () => db.exec(sql));
    db.exec(`create table bench_meta (key text not null)`);
    db.prepare('insert into bench_meta (key) values (?)').run(cacheKey(size));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(temp, file);
  for (const f of [`${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
  const generatedMs = performance.now() - started;
  log(`generated SQLite ${size.label} (${size.messages.toLocaleString('en')} messages) in ${(generatedMs / 1000).toFixed(1)} s`);
  return { file, generatedMs };
}
