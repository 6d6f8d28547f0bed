import { CompiledQuery, type Driver, Kysely, PostgresDialect, type PostgresDialectConfig, PostgresDriver } from 'kysely';
import type { Pool, PoolConfig } from 'pg';
import { loadDriver } from './load-driver.js';
import { preparedNameOf } from './prepared-statements.js';
import { createSchemaPathGuard, schemaSearchPath } from './schema-search-path.js';
import type { MessagingDatabase } from '../schema.js';
import { isDatabaseUnavailableError } from '../faults/unavailable-error.js';

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
  /** A `postgres://` URL. Either this or `pool`. (`undefined` allowed, as `process.env.DATABASE_URL` is typed.) */
  connectionString?: string | undefined;
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
  /**
   * Runs the hot page reads (the inbox and thread pages) as named prepared statements, parsed
   * and planned once per connection. A transaction pooler that cannot keep them (PgBouncer
   * before 1.21, or without `max_prepared_statements`) is detected by its first refusal, which
   * is retried unprepared, and they stay off from then on; `false` never uses them.
   * @default true
   */
  preparedStatements?: boolean;
}

/** Quotes a schema name for SQL; the option is validated to be a plain identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Opens the pool the options describe (or returns the host's own). */
async function openPostgresPool(options: PostgresOptions): Promise<Pool> {
  if (options.pool) return options.pool as Pool;
  const pg = await loadDriver<typeof import('pg')>('pg', 'The Postgres messaging database');
  const config: PoolConfig = { max: 10, ...(options.poolConfig as PoolConfig | undefined), connectionString: options.connectionString };
  if (options.schema) config.options = `-c search_path=${schemaSearchPath(quoteIdent(options.schema))}`;
  const pool = new pg.Pool(config);
  // An idle client that loses its connection must not crash the host process.
  pool.on('error', () => {});
  // Nor one in use: guarded as soon as it exists. (A FATAL that arrives in the same packet as
  // the end of the login is emitted before `connect()` resolves to the caller.)
  pool.on('connect', (client) => guardClient(client));
  return pool;
}

/** Clients that already have the listener below (a pool hands the same client out again). */
const guarded = new WeakSet<object>();

/**
 * A checked-out client whose connection dies (failover, restart, `pg_terminate_backend`)
 * emits `error`; the pool listens only while the client is idle, and an `error` without a
 * listener ends the process. The query in flight rejects with the cause anyway, and the pool
 * drops the dead client when it is released, so the event itself needs no handling.
 */
function guardClient<T>(client: T): T {
  const c = client as { on?: (event: 'error', listener: () => void) => unknown };
  if (typeof c?.on === 'function' && !guarded.has(client as object)) {
    guarded.add(client as object);
    c.on('error', () => {});
  }
  return client;
}

/**
 * Kysely's driver, except that a rollback on a connection that is already gone does not
 * replace the error that ended the transaction (the server ended the transaction with the
 * connection): the member gets 503 and the log names the real cause.
 */
class ResilientPostgresDriver extends PostgresDriver {
  override async rollbackTransaction(connection: Parameters<PostgresDriver['rollbackTransaction']>[0]): Promise<void> {
    try {
      await super.rollbackTransaction(connection); // marks the connection for discard when it fails
    } catch (err) {
      if (!isDatabaseUnavailableError(err)) throw err;
    }
  }
}

class ResilientPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;

  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ResilientPostgresDriver(this.#config);
  }
}

/** What Kysely's Postgres driver calls on a pooled client. */
interface PooledClient {
  // A promise for SQL text, a cursor for a cursor.
  query(...args: any[]): any;
  release(destroy?: boolean): void;
  /** As of the last statement that completed: 'I' (no transaction), 'T' (in one) or 'E' (in a failed one). Older pg 8 lack it. */
  getTransactionStatus?(): string | null;
}

/**
 * A named statement refused by the server: it does not exist on this server connection
 * (26000) or already does (42P05), as behind a transaction pooler that hands each statement
 * to any server connection; or its plan went stale when a migration changed a column it
 * returns (0A000). None of them ran the statement.
 */
function isPreparedStatementRefusal(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (code === '26000' || code === '42P05') return true;
  return code === '0A000' && typeof message === 'string' && /cached plan must not change result type/.test(message);
}

/** Whether a pool still runs marked statements prepared: one per Kysely instance. */
interface PreparedState {
  on: boolean;
}

/**
 * The client as Kysely sees it: a text marked by `executePrepared` goes as a named statement
 * (pg parses it on this connection the first time only). On a refusal (see above) the pool
 * stops preparing, and the statement is sent again unprepared, unless it was sent inside a
 * transaction (which the refusal has aborted) or pg cannot tell.
 */
function preparingClient(client: PooledClient, state: PreparedState): PooledClient {
  return {
    query(...args: any[]) {
      const [text, values] = args;
      const name = state.on && typeof text === 'string' ? preparedNameOf(text) : undefined;
      if (name === undefined) return client.query(...args);
      return client.query({ name, text, values }).catch((err: unknown) => {
        if (!isPreparedStatementRefusal(err)) throw err;
        state.on = false;
        // pg rejects before the server's ready message: the status is still the one the statement was sent in.
        if (client.getTransactionStatus?.() !== 'I') throw err;
        return client.query(text, values);
      });
    },
    release: (destroy) => client.release(destroy),
  };
}

/** A Kysely instance over a lazily opened pg pool. */
export function createPostgresKysely(options: PostgresOptions): Kysely<MessagingDatabase> {
  const state: PreparedState = { on: options.preparedStatements !== false };
  // One wrapper per pooled client: Kysely keeps its connection object per client.
  const wrappers = new WeakMap<object, PooledClient>();
  const wrap = (client: PooledClient) => {
    let wrapper = wrappers.get(client);
    if (!wrapper) {
      wrapper = preparingClient(client, state);
      wrappers.set(client, wrapper);
    }
    return wrapper;
  };
  return new Kysely<MessagingDatabase>({
    dialect: new ResilientPostgresDialect({
      // JIT off on the package's own connections: its statements are short, and when a busy table's
      // dead rows inflate the planner's estimates past `jit_above_cost`, compiling took 100 ms to 1 s
      // per send (a 1 ms statement). A host's own pool is the host's to configure (docs/scaling.md).
      ...(options.pool ? {} : { onCreateConnection: async (connection) => void (await connection.executeQuery(CompiledQuery.raw('set jit = off'))) }),
      pool: async () => {
        const pool = await openPostgresPool(options);
        const onSchema = options.schema && !options.pool ? createSchemaPathGuard(options.schema, quoteIdent(options.schema)) : undefined;
        return {
          connect: async () => {
            const client = guardClient(await pool.connect());
            if (onSchema) {
              try {
                await onSchema(client);
              } catch (err) {
                client.release(err as Error); // a client that failed here is not handed out again
                throw err;
              }
            }
            return wrap(client);
          },
          // The host's pool is the host's to end: close() must not end it under them.
          end: options.pool ? async () => {} : () => pool.end(),
        };
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
