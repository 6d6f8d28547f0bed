import { MessagingError } from '../../errors.js';

/**
 * Loads an optional peer dependency (a database driver) only when a host uses it, so that a
 * SQLite-only host never installs `pg` and a Postgres-only host never builds better-sqlite3.
 */
export async function loadDriver<T>(name: 'better-sqlite3' | 'pg', why: string): Promise<T> {
  try {
    const mod: any = name === 'pg' ? await import('pg') : await import('better-sqlite3');
    return (mod.default ?? mod) as T;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      const version = name === 'pg' ? 'pg@8' : 'better-sqlite3@12';
      throw new MessagingError('driver_missing', `${why} needs the "${name}" package. Install it next to @org/messaging: npm install ${version}`, { cause: err });
    }
    throw err;
  }
}
