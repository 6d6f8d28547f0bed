import { Kysely, PostgresDialect } from 'kysely';
import type { Pool, PoolConfig } from 'pg';
import { loadDriver } from './load-driver.js';
import type { MessagingDatabase } from './schema.js';

/**
 * A `pg` Pool, described by what the package calls on it, so that the package's types need
 * neither `pg` nor `@types/pg` (a SQLite host type-checks without them).
 */
export interface PgPoolLike {
  connect(): Promise<any>;
  end(): Promise<void>;
}

/** Where and how to reach Postgres. */
export interface PostgresOptions {
  /** A `postgres://` URL. Either this or `pool`. */
  connectionString?: string;
  /** A ready `pg` Pool the host manages (the package never ends it). */
  pool?: PgPoolLike;
  /**
   * Only with `connectionString`. A schema of its own for the messaging tables: created by `migrate()` when missing and
   * put first on the search path of every connection. Leave unset to use the database's
   * default (`public`).
   */
  schema?: string;
  /** Extra `pg` pool settings (`PoolConfig`), such as `max`. */
  poolConfig?: Record<string, unknown>;
}

/** Quotes a schema name for SQL; the option is validated to be a plain identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Opens the pool the options describe (or returns the host's own). */
export async function openPostgresPool(options: PostgresOptions): Promise<Pool> {
  if (options.pool) return options.pool as Pool;
  const pg = await loadDriver<typeof import('pg')>('pg', 'The Postgres messaging database');
  const config: PoolConfig = { max: 10, ...(options.poolConfig as PoolConfig | undefined), connectionString: options.connectionString };
  if (options.schema) config.options = `-c search_path=${quoteIdent(options.schema)},public`;
  const pool = new pg.Pool(config);
  // An idle client that loses its connection must not crash the host process.
  pool.on('error', () => {});
  return pool;
}

/** A Kysely instance over a lazily opened pg pool. */
export function createPostgresKysely(options: PostgresOptions): Kysely<MessagingDatabase> {
  return new Kysely<MessagingDatabase>({
    dialect: new PostgresDialect({
      pool: async () => {
        const pool = await openPostgresPool(options);
        if (!options.pool) return pool;
        // The host's pool is the host's to end: close() must not end it under them.
        return { connect: () => pool.connect(), end: async () => {} };
      },
    }),
  });
}

/** The URL with its password hidden, for logs and CLI output. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
