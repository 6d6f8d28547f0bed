import session from 'express-session';
import type { AppDatabase } from './app-db.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * express-session's store over the host's own SQLite database: sessions survive a restart
 * and every process on the same DATA_DIR shares them (the memory store does neither).
 */
export class SqliteSessionStore extends session.Store {
  readonly #get;
  readonly #set;
  readonly #destroy;
  readonly #touch;
  readonly #prune;
  #pruneTimer: NodeJS.Timeout;

  constructor(db: AppDatabase) {
    super();
    this.#get = db.prepare('select data from sessions where sid = ? and expires_at > ?');
    this.#set = db.prepare('insert into sessions (sid, data, expires_at) values (?, ?, ?) on conflict (sid) do update set data = excluded.data, expires_at = excluded.expires_at');
    this.#destroy = db.prepare('delete from sessions where sid = ?');
    this.#touch = db.prepare('update sessions set expires_at = ? where sid = ?');
    this.#prune = db.prepare('delete from sessions where expires_at <= ?');
    // A failed prune (full disk, read-only file) must not throw out of a timer and end the
    // process: get() already ignores expired rows, and the next hour tries again.
    this.#pruneTimer = setInterval(
      () => {
        try {
          this.#prune.run(Date.now());
        } catch {
          // retried next hour
        }
      },
      60 * 60 * 1000,
    );
    this.#pruneTimer.unref();
  }

  static #expiry(sess: session.SessionData): number {
    const expires = sess.cookie?.expires;
    return expires ? new Date(expires).getTime() : Date.now() + DAY_MS;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      const row = this.#get.get(sid, Date.now()) as { data: string } | undefined;
      callback(null, row ? (JSON.parse(row.data) as session.SessionData) : null);
    } catch (err) {
      callback(err);
    }
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      this.#set.run(sid, JSON.stringify(sess), SqliteSessionStore.#expiry(sess));
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    try {
      this.#destroy.run(sid);
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  // express-session calls touch() from inside res.end(): a throw there would leave the
  // response unfinished and escape as an uncaught exception. Passed to the callback, the
  // response is still sent and the error goes to the app's error handler (its log).
  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      this.#touch.run(SqliteSessionStore.#expiry(sess), sid);
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  close(): void {
    clearInterval(this.#pruneTimer);
  }
}
