import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import pg from 'pg';
import { DATA_DIR, PG_URL } from './support.js';

/** A table like messaging_messages, with the same indexes, for the bare INSERT routes. */
const TABLE_SQL = (idColumn: string) => [
  `create table bare_messages (${idColumn}, thread_id text not null, sender_id text not null, body text not null,
     created_at text not null, edited_at text, deleted_at text)`,
  'create index bare_messages_thread on bare_messages (thread_id, id)',
  'create index bare_messages_sender on bare_messages (sender_id, id)',
  'create index bare_messages_created on bare_messages (created_at)',
];

const INSERT = 'insert into bare_messages (thread_id, sender_id, body, created_at) values ($1, $2, $3, $4) returning id';

/** Sends the row back as the send route does: `{ message }` with a string id. */
const answer = (res: express.Response, id: unknown, threadId: string, senderId: string, body: string, createdAt: string) =>
  res.status(201).json({ message: { id: String(id), threadId, senderId, body, createdAt } });

/**
 * POST /bare/insert: express.json(), then ONE better-sqlite3 INSERT into a fresh file with the
 * package's pragmas (WAL, synchronous NORMAL). No auth, no validation, no transaction of its own.
 */
export function bareSqliteInsert(): { routes: (app: express.Express) => void; close(): void } {
  const file = join(DATA_DIR, 'bare-insert.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  for (const sql of TABLE_SQL('id integer primary key autoincrement')) db.exec(sql);
  const insert = db.prepare(INSERT.replace(/\$\d/g, '?'));
  return {
    routes(app) {
      app.post('/bare/insert', express.json(), (req, res) => {
        const sender = req.get('x-bench-user') ?? 'anon';
        const body = String(req.body?.body ?? '');
        const createdAt = new Date().toISOString();
        const row = insert.get('bare-thread', sender, body, createdAt) as { id: number };
        answer(res, row.id, 'bare-thread', sender, body, createdAt);
      });
    },
    close: () => db.close(),
  };
}

/** POST /bare/pg-insert: the same with ONE pg INSERT through a pool of 10 (the package's default size). */
export async function barePostgresInsert(schema: string): Promise<{ routes: (app: express.Express) => void; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: PG_URL, max: 10, options: `-c search_path=${schema}` });
  await pool.query('drop table if exists bare_messages');
  for (const sql of TABLE_SQL('id bigint generated always as identity primary key')) await pool.query(sql);
  return {
    routes(app) {
      app.post('/bare/pg-insert', express.json(), (req, res, next) => {
        const sender = req.get('x-bench-user') ?? 'anon';
        const body = String(req.body?.body ?? '');
        const createdAt = new Date().toISOString();
        pool.query(INSERT, ['bare-thread', sender, body, createdAt]).then((r) => answer(res, r.rows[0].id, 'bare-thread', sender, body, createdAt), next);
      });
    },
    async close() {
      await pool.query('drop table if exists bare_messages');
      await pool.end();
    },
  };
}
