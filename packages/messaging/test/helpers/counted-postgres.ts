import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import type { MessagingOptions } from '../../src/options.js';
import { TEST_POSTGRES_URL } from './test-database.js';
import { TEST_USERS } from './test-messaging.js';

/** An instance on a Postgres schema of its own whose every statement is counted at the driver. */
export interface CountedMessaging {
  messaging: Messaging;
  /** The counted pool (a second instance on it is counted too). */
  pool: pg.Pool;
  /** Statements run since the last call (every `client.query` on a pooled client is one round trip), `pg_notify` (the live bus) apart. */
  take(): { statements: string[]; notifies: number };
  close(): Promise<void>;
}

/** A pooled client's `query`, as the tap receives it. */
export type PoolQuery = (...args: unknown[]) => Promise<unknown>;

/** The SQL text of a `client.query(...)` call (a string or a query config). */
export function statementText(args: unknown[]): string {
  return typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text ?? '');
}

/**
 * Routes every `query` of the pool's clients through `tap` (which calls `query` itself), each
 * client wrapped once: the pool hands the same client out again.
 */
export function tapPoolQueries(pool: pg.Pool, tap: (query: PoolQuery, args: unknown[]) => unknown): void {
  const wrapped = new WeakSet<object>();
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
    const client = await connect();
    if (!wrapped.has(client)) {
      wrapped.add(client);
      const query = client.query.bind(client) as PoolQuery;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => tap(query, args);
    }
    return client;
  };
}

/** Wraps the pool's clients so that each `query` is recorded; for the round-trip tests of the send and page paths. */
export async function countedMessaging(options: Partial<MessagingOptions> = {}): Promise<CountedMessaging> {
  const schema = `msg_rt_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 5, options: `-c search_path="${schema}",public` });
  let statements: string[] = [];
  let notifies = 0;
  tapPoolQueries(pool, (query, args) => {
    const text = statementText(args);
    if (/pg_notify/i.test(text)) notifies++;
    else statements.push(text);
    return query(...args);
  });
  const messaging = createMessaging({
    database: { postgres: { pool } },
    users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: () => null,
    ...options,
  });
  await messaging.migrate();
  return {
    messaging,
    pool,
    take() {
      const taken = { statements, notifies };
      statements = [];
      notifies = 0;
      return taken;
    },
    async close() {
      await messaging.close();
      await pool.end();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    },
  };
}
