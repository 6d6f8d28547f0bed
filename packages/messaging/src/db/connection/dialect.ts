import { type Kysely, PostgresAdapter, SqliteAdapter } from 'kysely';

/** The databases the package runs on. */
/** The databases the package runs on. */
export const DIALECT_NAMES = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

/**
 * What differs between the databases, as flags, so that code asks "can it?" rather than
 * "which one is it?" in one place only.
 */
export interface DialectCapabilities {
  readonly name: DialectName;
  /** `RETURNING` on insert/update (both do; kept for Kysely dialects that don't). */
  readonly returning: boolean;
  /** Cross-process notifications (LISTEN/NOTIFY). */
  readonly notifications: boolean;
  /** A file on disk that the CLI can size and back up. */
  readonly fileBacked: boolean;
  /**
   * Every transaction holds the whole database's write lock from its first statement (the
   * package's own SQLite driver begins IMMEDIATE), so no row needs locking first. False on
   * Postgres and on a host's SQLite Kysely, whose plain BEGIN defers the lock.
   */
  readonly lockedAtBegin: boolean;
}

export function capabilitiesFor(name: DialectName, options: { fileBacked?: boolean; lockedAtBegin?: boolean } = {}): DialectCapabilities {
  return name === 'postgres'
    ? { name, returning: true, notifications: true, fileBacked: false, lockedAtBegin: false }
    : { name, returning: true, notifications: false, fileBacked: options.fileBacked ?? false, lockedAtBegin: options.lockedAtBegin ?? false };
}

/** Tells the dialect of a Kysely instance a host passed in, or undefined when unknown. */
export function detectDialect(db: Kysely<any>): DialectName | undefined {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  const name = adapter.constructor.name.toLowerCase();
  if (name.includes('postgres')) return 'postgres';
  if (name.includes('sqlite')) return 'sqlite';
  return undefined;
}
