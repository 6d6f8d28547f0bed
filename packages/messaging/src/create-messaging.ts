import { type DatabaseHandle, openDatabase } from './db/connect.js';
import { migrateToLatest, readSchemaStatus, type SchemaStatus } from './db/migrate.js';
import { type DatabaseReport, readDatabaseReport } from './db/status.js';
import type { MessagingContext } from './context.js';
import { MessagingEvents, type MessagingEventMap, type MessagingEventName } from './events.js';
import { silentLogger } from './logger.js';
import { DEFAULT_LIMITS, DEFAULT_RATE_LIMITS, type MessagingOptions, validateOptions } from './options.js';

/** One messaging instance: its database, its routers and its services. */
export interface Messaging {
  /**
   * Creates or upgrades the messaging tables. Safe to call on every start and from several
   * processes at once. Throws when the database was written by a newer version.
   * @returns the migrations this call applied (empty when already current).
   */
  migrate(): Promise<{ applied: string[] }>;
  /** Which migrations the database has and which it lacks, changing nothing. */
  schemaStatus(): Promise<SchemaStatus>;
  /** Schema version, row counts and (SQLite) file sizes, for status pages and the CLI. */
  report(): Promise<DatabaseReport>;
  /** Subscribes to an event; returns a function that unsubscribes. */
  on<K extends MessagingEventName>(name: K, listener: (payload: MessagingEventMap[K]) => void): () => void;
  /** Closes the connections the instance opened (a host's own Kysely or pool stays open). */
  close(): Promise<void>;
  /** The open database, for the CLI and advanced hosts. */
  readonly database: DatabaseHandle;
}

/** Builds the shared context of an instance from validated options. */
export function createContext(options: MessagingOptions): MessagingContext {
  const database = openDatabase(options.database ?? { sqlite: 'data/messages.db' });
  const clock = options.clock ?? (() => new Date());
  return {
    database,
    options,
    users: options.users,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    rateLimits: options.rateLimits === false ? false : { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    logger: options.logger ?? silentLogger,
    events: new MessagingEvents(),
    clock,
    now: () => clock().toISOString(),
  };
}

/**
 * Creates a messaging instance. Options are checked here, once: a mistake throws a
 * `TypeError` naming the option and showing a correct example. Nothing connects until the
 * first query (usually `migrate()`).
 *
 * @example
 * const messaging = createMessaging({
 *   database: { sqlite: 'data/messages.db' },
 *   users: { getUsers: (ids) => users.findMany(ids) },
 *   currentUserId: (req) => req.session.userId,
 * });
 * await messaging.migrate();
 */
export function createMessaging(options: MessagingOptions): Messaging {
  const ctx = createContext(validateOptions(options));
  const { database } = ctx;
  let closed = false;

  return {
    database,
    async migrate() {
      const applied = await migrateToLatest(database.db, {
        where: database.where,
        ...(database.postgres?.schema ? { postgresSchema: database.postgres.schema } : {}),
      });
      if (applied.length > 0) {
        ctx.logger.info({ applied, database: database.where }, 'messaging: database migrated');
        ctx.events.emit('schema.migrated', { applied, where: database.where });
      }
      return { applied };
    },
    schemaStatus: () => readSchemaStatus(database.db),
    report: () => readDatabaseReport(database),
    on: (name, listener) => ctx.events.on(name, listener),
    async close() {
      if (closed) return;
      closed = true;
      await database.close();
    },
  };
}
