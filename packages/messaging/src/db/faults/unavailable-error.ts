import { isMessagingError } from '../../errors.js';

/** SQLite result codes (and their extended `_…` forms) of a file that cannot be read or written now. */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|READONLY|CANTOPEN|IOERR|BUSY|PERM|NOLFS)(_|$)/;

/**
 * Postgres SQLSTATEs of a server that is gone, full or read-only: class 08 (connection
 * exception), 53 (insufficient resources: disk full 53100, too many connections 53300),
 * 57P01–57P05 (terminated by an administrator, a crash, a restart, a dropped database, an idle
 * timeout), 25006 (read-only transaction: a standby), 3D000 (the database does not exist),
 * 28000/28P01 (the login is refused).
 */
const POSTGRES_UNAVAILABLE = /^(08...|53...|57P0[1-5]|25006|3D000|28000|28P01)$/;

/** Node's socket errors on the way to the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);

/** What `pg` says (without a code) when a connection dies or cannot be had in time. */
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|Client was closed and is not queryable|Client has encountered a connection error|timeout exceeded when trying to connect|Connection terminated due to connection timeout)/;

function isOwnFault(err: unknown): boolean {
  if (isMessagingError(err)) return err.code === 'database_unavailable';
  const e = err as { code?: unknown; message?: unknown } | null | undefined;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (SQLITE_UNAVAILABLE.test(code) || POSTGRES_UNAVAILABLE.test(code) || NETWORK_CODES.has(code)) return true;
  return typeof e.message === 'string' && PG_CONNECTION_MESSAGES.test(e.message);
}

/**
 * Whether an error means the messaging database cannot be reached or written just now (down,
 * full, read-only, a dropped connection), as opposed to a bug: the one place that decides
 * 503 `database_unavailable` over 500. Looks through `cause` and an `AggregateError`'s errors
 * (Node reports a refused connection to every address of a host as one).
 */
export function isDatabaseUnavailableError(err: unknown, depth = 0): boolean {
  if (isOwnFault(err)) return true;
  if (depth >= 3 || !err || typeof err !== 'object') return false;
  const { cause, errors } = err as { cause?: unknown; errors?: unknown };
  if (cause !== undefined && isDatabaseUnavailableError(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((e) => isDatabaseUnavailableError(e, depth + 1));
}

/**
 * The error's own description for the log: name, code and message of it and its causes. A
 * driver's message names the fault (`database or disk is full`, `terminating connection due
 * to administrator command`), never a query's parameters.
 */
export function describeDatabaseError(err: unknown, depth = 0): { name?: string; code?: unknown; message: string; cause?: unknown } {
  const e = err as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown } | null | undefined;
  const out: { name?: string; code?: unknown; message: string; cause?: unknown } = { message: String(e?.message ?? err) };
  if (typeof e?.name === 'string') out.name = e.name;
  if (e?.code !== undefined) out.code = e.code;
  if (e?.cause !== undefined && depth < 3) out.cause = describeDatabaseError(e.cause, depth + 1);
  return out;
}

/**
 * One line for an operator: the code and message of the error, or of the first of an
 * `AggregateError`'s errors (whose own message is empty for a refused connection).
 */
export function describeCause(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; errors?: unknown } | null | undefined;
  const first = Array.isArray(e?.errors) && e.errors.length > 0 ? (e.errors[0] as { code?: unknown; message?: unknown }) : undefined;
  const message = (typeof e?.message === 'string' && e.message) || (typeof first?.message === 'string' && first.message) || String(err);
  const code = e?.code ?? first?.code;
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/** How long a client should wait before trying again, in seconds (the `Retry-After` of a 503). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
