import { closeSync, existsSync, openSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MessagingError } from '../../errors.js';

/**
 * Whether this process may write there, by trying (only on the error path): access(2) answers
 * for the real user, not the effective one, and knows nothing of read-only mounts.
 */
function writable(path: string, kind: 'folder' | 'file'): boolean {
  const probe = kind === 'folder' ? join(path, `.messaging-write-check-${process.pid}`) : path;
  try {
    closeSync(openSync(probe, kind === 'folder' ? 'wx' : 'r+'));
    if (kind === 'folder') rmSync(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * What stands in the way of opening `file` for writing, read from the file system: SQLite
 * itself only says SQLITE_CANTOPEN or SQLITE_READONLY_DIRECTORY. Undefined when the file
 * system shows nothing wrong.
 */
function obstacle(file: string): string | undefined {
  const dir = dirname(file);
  const name = basename(file);
  if (!existsSync(dir)) return `its folder ${dir} does not exist`;
  if (!statSync(dir).isDirectory()) return `${dir} is a file, not a folder`;
  if (!writable(dir, 'folder')) return `its folder ${dir} is not writable by this process (SQLite creates ${name}, ${name}-wal and ${name}-shm there)`;
  if (existsSync(file) && statSync(file).isDirectory()) return `${file} is a folder, not a database file`;
  if (existsSync(file) && !writable(file, 'file')) return 'the file is read-only for this process';
  return undefined;
}

/** SQLite's codes for a file it may not open or write (the others, such as NOTADB, pass as they are). */
const ACCESS_CODES = /^SQLITE_(CANTOPEN|READONLY|PERM|IOERR|AUTH)(_|$)/;

/**
 * The error for a SQLite file that cannot be opened or written: `database_unavailable` naming
 * the file and the cause, with SQLite's own error as `cause`. Other errors (a lock held by
 * another process, which the caller waits for; a file that is not a database) are returned
 * as they are.
 */
export function sqliteOpenError(file: string, err: unknown): unknown {
  const code = (err as { code?: unknown })?.code;
  const why = file === ':memory:' ? undefined : obstacle(file);
  if (!why && !(typeof code === 'string' && ACCESS_CODES.test(code))) return err;
  const sqliteSays = `${typeof code === 'string' ? `${code}: ` : ''}${(err as Error)?.message ?? String(err)}`;
  return new MessagingError('database_unavailable', `Cannot open the messaging database ${file}: ${why ?? sqliteSays}${why ? ` (${sqliteSays})` : ''}`, { cause: err });
}

/** The error for a folder that `mkdir -p` could not make. */
export function sqliteFolderError(file: string, err: unknown): MessagingError {
  return new MessagingError(
    'database_unavailable',
    `Cannot create the messaging database ${file}: its folder ${dirname(file)} does not exist and cannot be created (${(err as Error)?.message ?? String(err)})`,
    { cause: err },
  );
}
