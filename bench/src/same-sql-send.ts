/**
 * `send_vs_same_sql_ratio` (issue 18): a bare route that runs exactly the SQL of the package's
 * reply (packages/messaging/src/services/conversations/reply-statements.ts, read from the
 * source: it imports nothing) through the raw driver, on the same database as the send. What
 * it leaves out is what our layers add: the guards (viewer, body, CSRF, validation), the
 * idempotency and limit hooks, the users adapter's check of a direct partner, Kysely, the
 * events and the live bus. Their cost is 1 − the ratio.
 */
import Database from 'better-sqlite3';
import express from 'express';
import pg from 'pg';
import {
  PG_REPLY_CALL,
  SQLITE_REPLY_HEAD,
  SQLITE_REPLY_INSERT,
  SQLITE_REPLY_MEMBERS,
  SQLITE_REPLY_PARTICIPANTS,
  SQLITE_REPLY_THREAD,
  SQLITE_REPLY_TOTALS,
} from '../../packages/messaging/src/services/conversations/reply-statements.js';
import type { BenchDatabase } from './bench-server.js';
import { PG_URL } from './support.js';

/** The route's path for a thread; POST with `{ body }` and the `x-bench-user` header, as the send. */
export const sameSqlPath = (threadId: string) => `/bare/same-sql/${threadId}/messages`;

export interface SameSqlSend {
  routes: (app: express.Express) => void;
  close(): Promise<void>;
}

const answer = (res: express.Response, id: unknown, threadId: string, senderId: string, body: string, createdAt: string) =>
  res.status(201).json({ message: { id: String(id), threadId, senderId, body, createdAt } });

/** The same-SQL route on the bench database the send is measured on. */
export function sameSqlSend(database: BenchDatabase): SameSqlSend {
  return 'sqlite' in database ? sqliteSameSql(database.sqlite) : postgresSameSql(database.postgres.schema);
}

/** better-sqlite3 on the dataset's file, with the package's pragmas: the head, then the five statements in BEGIN IMMEDIATE. */
function sqliteSameSql(file: string): SameSqlSend {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  const head = db.prepare(SQLITE_REPLY_HEAD);
  const members = db.prepare(SQLITE_REPLY_MEMBERS);
  const insert = db.prepare(SQLITE_REPLY_INSERT);
  const thread = db.prepare(SQLITE_REPLY_THREAD);
  const participants = db.prepare(SQLITE_REPLY_PARTICIPANTS);
  const totals = db.prepare(SQLITE_REPLY_TOTALS);
  const write = db.transaction((senderId: string, threadId: string, body: string, now: string) => {
    const rows = members.all(senderId, threadId) as Array<{ user_id: string; unread_count: number; muted_at: string | null; blocked_sender: number }>;
    if (!rows.some((m) => m.user_id === senderId) || rows.some((m) => m.blocked_sender)) return undefined;
    const { id } = insert.get(threadId, senderId, body, now) as { id: number };
    thread.run(now, id, threadId);
    participants.run(now, senderId, senderId, id, threadId);
    // The totals the reply changed, as the package sums them (unreadTotalChanged in reply-write.ts).
    const counted = rows.filter((m) => m.muted_at === null && (m.user_id !== senderId || m.unread_count > 0));
    if (counted.length > 0) totals.all(JSON.stringify(counted.map((m) => m.user_id)));
    return id;
  });
  return {
    routes(app) {
      app.post('/bare/same-sql/:threadId/messages', express.json(), (req, res) => {
        const senderId = req.get('x-bench-user') ?? 'anon';
        const threadId = String(req.params.threadId);
        const body = String(req.body?.body ?? '');
        const now = new Date().toISOString();
        const found = head.get(senderId, senderId, senderId, threadId) as { kind: string | null; member: number } | undefined;
        const id = found?.kind && found.member ? write.immediate(senderId, threadId, body, now) : undefined;
        if (id === undefined) res.status(404).json({ error: { code: 'not_found' } });
        else answer(res, id, threadId, senderId, body, now);
      });
    },
    close: async () => {
      db.close();
    },
  };
}

/** pg through a pool of 10 (the package's default): the reply function, called on its own (one round trip, its own transaction). */
function postgresSameSql(schema: string): SameSqlSend {
  const pool = new pg.Pool({ connectionString: PG_URL, max: 10, options: `-c search_path=${schema}` });
  async function send(senderId: string, threadId: string, body: string, now: string): Promise<unknown> {
    // The partner as the package would have it from its memory of the thread (the heavy member's threads are direct).
    const partner = await partnerOf(threadId, senderId);
    const { rows } = await pool.query(PG_REPLY_CALL, [senderId, threadId, body, now, partner, true, true, null]);
    const first = rows[0] as { w_message_id: string | null } | undefined;
    return first?.w_message_id ?? undefined;
  }
  // Remembered per thread, as the package's reply-partners.ts does.
  const partners = new Map<string, string | null>();
  async function partnerOf(threadId: string, senderId: string): Promise<string | null> {
    const key = `${threadId}\0${senderId}`;
    if (!partners.has(key)) {
      const { rows } = await pool.query(
        "select p.user_id from messaging_participants p join messaging_threads t on t.id = p.thread_id where p.thread_id = $1 and p.user_id <> $2 and t.kind = 'direct' limit 1",
        [threadId, senderId],
      );
      partners.set(key, (rows[0]?.user_id as string | undefined) ?? null);
    }
    return partners.get(key) ?? null;
  }
  return {
    routes(app) {
      app.post('/bare/same-sql/:threadId/messages', express.json(), (req, res, next) => {
        const senderId = req.get('x-bench-user') ?? 'anon';
        const threadId = String(req.params.threadId);
        const body = String(req.body?.body ?? '');
        const now = new Date().toISOString();
        send(senderId, threadId, body, now).then(
          (id) => (id === undefined ? res.status(404).json({ error: { code: 'not_found' } }) : answer(res, id, threadId, senderId, body, now)),
          next,
        );
      });
    },
    close: () => pool.end(),
  };
}
