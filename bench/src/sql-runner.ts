import Database from 'better-sqlite3';
import type { BenchDatabase } from './bench-server.js';
import { connectPg } from './generate-postgres.js';

/** One connection to a bench database, SQLite or Postgres, with `$n` parameters on both. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openRunner(database: BenchDatabase): Promise<SqlRunner> {
  if ('sqlite' in database) {
    const db = new Database(database.sqlite);
    db.pragma('busy_timeout = 5000');
    return {
      async query<T>(sql: string, params: unknown[] = []) {
        // `$n` becomes a plain `?`, its value repeated in the order of the placeholders.
        const order: number[] = [];
        const statement = db.prepare(sql.replace(/\$(\d+)/g, (_, n: string) => (order.push(Number(n) - 1), '?')));
        const values = order.map((i) => params[i]);
        return (statement.reader ? statement.all(...values) : (statement.run(...values), [])) as T[];
      },
      async close() {
        db.close();
      },
    };
  }
  const client = await connectPg(database.postgres.schema);
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    close: () => client.end(),
  };
}

/**
 * Remembers a thread's derived state and puts it back after a load test wrote to it, deleting
 * the messages past the dataset's last id, so the cached dataset stays as generated.
 */
export async function snapshotThread(runner: SqlRunner, threadId: string, lastMessageId: number): Promise<() => Promise<void>> {
  const [thread] = await runner.query<{ last_message_at: string; last_message_id: unknown }>('select last_message_at, last_message_id from messaging_threads where id = $1', [
    threadId,
  ]);
  const members = await runner.query<{ user_id: string; last_read_message_id: unknown; unread_count: number; last_activity_at: string; archived_at: string | null }>(
    'select user_id, last_read_message_id, unread_count, last_activity_at, archived_at from messaging_participants where thread_id = $1',
    [threadId],
  );
  if (!thread) throw new Error(`thread ${threadId} is not in the bench database`);
  return async () => {
    await runner.query('delete from messaging_messages where id > $1', [lastMessageId]);
    await runner.query('delete from messaging_idempotency_keys');
    await runner.query('update messaging_threads set last_message_at = $1, last_message_id = $2 where id = $3', [thread.last_message_at, thread.last_message_id, threadId]);
    for (const m of members) {
      await runner.query(
        'update messaging_participants set last_read_message_id = $1, unread_count = $2, last_activity_at = $3, archived_at = $4 where thread_id = $5 and user_id = $6',
        [m.last_read_message_id, m.unread_count, m.last_activity_at, m.archived_at, threadId, m.user_id],
      );
    }
  };
}
